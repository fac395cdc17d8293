namespace Cdr.Orleans.Contracts.Traffic;

[GenerateSerializer, Immutable, Alias("traffic-entry.v1")]
public sealed record TrafficEntry([property: Id(0)] TrafficCell Cell, [property: Id(1)] TrafficCounts Counts);
