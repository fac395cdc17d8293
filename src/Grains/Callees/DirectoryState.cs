using Cdr.Orleans.Contracts.Callees;

namespace Cdr.Orleans.Grains.Callees;

/// <summary>The stored directory. Never renumber an [Id].</summary>
[GenerateSerializer, Alias("directory-state.v1")]
public sealed class DirectoryState
{
    [Id(0)] public long Version { get; set; }

    [Id(1)] public Dictionary<string, CalleeCategory> Numbers { get; set; } = new(StringComparer.Ordinal);

    [Id(2)] public string Source { get; set; } = "";
}
