namespace Cdr.Orleans.Contracts.Stats;

/// <summary>
/// What one reporter (a silo, or a generator replaying a file) counted since its previous report.
/// <see cref="ResidentSubscribers"/> is a gauge (current value), the rest are deltas, campaign results too.
/// </summary>
[GenerateSerializer, Immutable, Alias("stats-report.v1")]
public sealed record StatsReport(
    [property: Id(0)] string Source,
    [property: Id(1)] DateTime AtUtc,
    [property: Id(2)] long CdrsApplied,
    [property: Id(3)] IReadOnlyDictionary<string, long> Rejected,
    [property: Id(4)] long? ResidentSubscribers,
    [property: Id(5)] LagSample? Lag,
    [property: Id(6)] IReadOnlyDictionary<string, Campaigns.CampaignResults>? Campaigns = null);
