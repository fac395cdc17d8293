namespace Cdr.Orleans.Contracts.Subscribers;

/// <summary>
/// A subscriber's state as people read it (client, JSON). Windows end at <see cref="LastEventUtc"/>, the latest CDR it
/// originated. Time of day and the best time to call are in the subscriber's local time, in <see cref="TimeZone"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("subscriber-snapshot.v1")]
public sealed record SubscriberSnapshot(
    [property: Id(0)] string Msisdn,
    [property: Id(1)] SubscriberProfile? Profile,
    [property: Id(2)] SubscriberTotals Totals,
    [property: Id(3)] IReadOnlyList<WindowTotals> Windows,
    [property: Id(4)] TimeOfDayShares TimeOfDay,
    [property: Id(5)] BestTimeToCall? BestTimeToCall,
    [property: Id(6)] IReadOnlyList<CalleeCount> TopCallees,
    [property: Id(7)] int DistinctCallees,
    [property: Id(8)] DateTime? LastEventUtc,
    [property: Id(9)] long CdrsApplied,
    [property: Id(10)] IReadOnlyList<Campaigns.OfferDecision>? RecentOffers = null,
    [property: Id(11)] CalleeMix? Callees = null,
    [property: Id(12)] IReadOnlyDictionary<string, double>? Propensities = null,
    [property: Id(13)] string? TimeZone = null,
    [property: Id(14)] DateTime? OptedOutUtc = null,
    [property: Id(15)] AccountSummary? Account = null);
