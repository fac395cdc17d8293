namespace Cdr.Orleans.Contracts.Subscribers;

/// <summary>
/// What the operator's events said about a subscriber, as people read it: the latest event, the balance, the top-ups
/// (and the mean balance just before them), the data bundle, where the handset is registered while abroad, and the
/// handset. Null fields were never reported.
/// </summary>
[GenerateSerializer, Immutable, Alias("account-summary.v1")]
public sealed record AccountSummary(
    [property: Id(0)] long Events,
    [property: Id(1)] string? LastEvent,
    [property: Id(2)] DateTime? LastEventUtc,
    [property: Id(3)] decimal? Balance,
    [property: Id(4)] DateTime? BalanceUtc,
    [property: Id(5)] long TopUps,
    [property: Id(6)] decimal TopUpAmount,
    [property: Id(7)] DateTime? LastTopUpUtc,
    [property: Id(8)] decimal? LastTopUpAmount,
    [property: Id(9)] decimal AverageBalanceBeforeTopUp,
    [property: Id(10)] long? BundleAllowanceBytes,
    [property: Id(11)] long? BundleUsedBytes,
    [property: Id(12)] DateTime? BundleRenewalUtc,
    [property: Id(13)] string? VisitedCountry,
    [property: Id(14)] DateTime? RoamingSinceUtc,
    [property: Id(15)] long Trips,
    [property: Id(16)] string? Device,
    [property: Id(17)] long DeviceChanges);
