namespace Cdr.Orleans.Contracts.Subscribers;

/// <summary>Who a subscriber is: loaded from the customer base (here, the generator's population).</summary>
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
    [property: Id(8)] DateOnly SignupDate);
