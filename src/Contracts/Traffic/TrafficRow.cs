namespace Cdr.Orleans.Contracts.Traffic;

[GenerateSerializer, Immutable, Alias("traffic-row.v1")]
public sealed record TrafficRow([property: Id(0)] string Value, [property: Id(1)] TrafficCounts Counts);
