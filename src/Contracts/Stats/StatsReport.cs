namespace Cdr.Orleans.Contracts.Stats;

/// <summary>
/// What one reporter (a silo, or a generator replaying a file) counted since its previous report.
/// <see cref="ResidentSubscribers"/> is a gauge (current value), the rest are deltas, campaign results too.
/// <see cref="Notes"/>: CDRs kept with a remark, by code ("callee-not-a-number"). <see cref="DeadLetters"/>: the
/// latest of the <see cref="DeadLettered"/> CDRs set aside (a bounded sample).
/// </summary>
[GenerateSerializer, Immutable, Alias("stats-report.v1")]
public sealed record StatsReport(
    [property: Id(0)] string Source,
    [property: Id(1)] DateTime AtUtc,
    [property: Id(2)] long CdrsApplied,
    [property: Id(3)] IReadOnlyDictionary<string, long> Rejected,
    [property: Id(4)] long? ResidentSubscribers,
    [property: Id(5)] LagSample? Lag,
    [property: Id(6)] IReadOnlyDictionary<string, Campaigns.CampaignResults>? Campaigns = null,
    [property: Id(7)] IReadOnlyDictionary<string, long>? Notes = null,
    [property: Id(8)] long DeadLettered = 0,
    [property: Id(9)] IReadOnlyList<Cdrs.DeadLetter>? DeadLetters = null);
