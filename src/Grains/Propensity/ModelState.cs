using Cdr.Orleans.Contracts.Models;

namespace Cdr.Orleans.Grains.Propensity;

/// <summary>A campaign's stored models. Persisted: never renumber an [Id].</summary>
[GenerateSerializer, Alias("model-state.v1")]
public sealed class ModelState
{
    /// <summary>Versions kept, oldest first (at most <see cref="ModelGrain.VersionsKept"/>).</summary>
    [Id(0)] public List<ModelVersion> Versions { get; set; } = [];

    [Id(1)] public int? Current { get; set; }

    [Id(2)] public int LastVersion { get; set; }

    [Id(3)] public string? LastError { get; set; }

    [Id(4)] public DateTime? LastErrorUtc { get; set; }
}

/// <summary>The registry of current models. Persisted: never renumber an [Id].</summary>
[GenerateSerializer, Alias("model-registry-state.v1")]
public sealed class ModelRegistryState
{
    [Id(0)] public Dictionary<string, PublishedModel> Models { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public long Revision { get; set; }
}
