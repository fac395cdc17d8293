namespace Cdr.Orleans.Contracts.Stats;

/// <summary>Cluster totals for the client's <c>stats</c> command.</summary>
[GenerateSerializer, Immutable, Alias("cluster-stats.v1")]
public sealed record ClusterStats(
    [property: Id(0)] long CdrsApplied,
    [property: Id(1)] double CdrsPerSecond,
    [property: Id(2)] long ResidentSubscribers,
    [property: Id(3)] long Rejected,
    [property: Id(4)] IReadOnlyDictionary<string, long> RejectedByReason,
    [property: Id(5)] int ReportingSilos,
    [property: Id(6)] LagSample? Lag,
    [property: Id(7)] DateTime AsOfUtc);
