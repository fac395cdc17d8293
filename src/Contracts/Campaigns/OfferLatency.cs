namespace Cdr.Orleans.Contracts.Campaigns;

[GenerateSerializer, Immutable, Alias("offer-latency.v1")]
public sealed record OfferLatency(
    [property: Id(0)] long Count,
    [property: Id(1)] double P50Ms,
    [property: Id(2)] double P99Ms,
    [property: Id(3)] double MaxMs);
