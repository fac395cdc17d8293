namespace Cdr.Orleans.Contracts.Subscribers;

/// <summary>
/// Who a subscriber is: loaded from the customer base (here, the generator's population). <see cref="TimeZone"/>, an
/// IANA id (e.g. "Europe/Madrid"), says where the subscriber's local time is kept; null: from the number's country.
/// <see cref="NoMarketing"/>: the subscriber gave no consent to marketing, so no campaign offers them anything.
/// </summary>
[GenerateSerializer, Immutable, Alias("subscriber-profile.v1")]
public sealed record SubscriberProfile(
    [property: Id(0)] string Msisdn,
    [property: Id(1)] string Name,
    [property: Id(2)] int Age,
    [property: Id(3)] Gender Gender,
    [property: Id(4)] string HomeRegion,
    [property: Id(5)] string Operator,
    [property: Id(6)] Plan Plan,
    [property: Id(7)] Tier Tier,
    [property: Id(8)] DateOnly SignupDate,
    [property: Id(9)] string? TimeZone = null,
    [property: Id(10)] bool NoMarketing = false);
