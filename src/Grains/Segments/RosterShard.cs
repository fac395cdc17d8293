namespace Cdr.Orleans.Grains.Segments;

/// <summary>The numbers of one roster shard.</summary>
[GenerateSerializer, Alias("roster-shard.v1")]
public sealed class RosterShard
{
    [Id(0)] public HashSet<string> Members { get; set; } = [];
}
