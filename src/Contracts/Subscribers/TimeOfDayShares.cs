namespace Cdr.Orleans.Contracts.Subscribers;

/// <summary>Share of the CDRs a subscriber originated in each part of the day (UTC): night 22-5, morning 5-12, afternoon 12-17, evening 17-22.</summary>
[GenerateSerializer, Immutable, Alias("time-of-day.v1")]
public sealed record TimeOfDayShares(
    [property: Id(0)] double Night,
    [property: Id(1)] double Morning,
    [property: Id(2)] double Afternoon,
    [property: Id(3)] double Evening);
