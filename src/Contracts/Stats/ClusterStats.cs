namespace Cdr.Orleans.Contracts.Stats;

/// <summary>
/// Cluster totals for the client's <c>stats</c> command. <see cref="Notes"/>: CDRs kept with a remark, by code;
/// <see cref="RecentDeadLetters"/>: the latest CDRs set aside, newest first (at most 50).
/// </summary>
[GenerateSerializer, Immutable, Alias("cluster-stats.v1")]
public sealed record ClusterStats(
    [property: Id(0)] long CdrsApplied,
    [property: Id(1)] double CdrsPerSecond,
    [property: Id(2)] long ResidentSubscribers,
    [property: Id(3)] long Rejected,
    [property: Id(4)] IReadOnlyDictionary<string, long> RejectedByReason,
    [property: Id(5)] int ReportingSilos,
    [property: Id(6)] LagSample? Lag,
    [property: Id(7)] DateTime AsOfUtc,
    [property: Id(8)] IReadOnlyDictionary<string, long>? Notes = null,
    [property: Id(9)] long DeadLettered = 0,
    [property: Id(10)] IReadOnlyList<Cdrs.DeadLetter>? RecentDeadLetters = null);
