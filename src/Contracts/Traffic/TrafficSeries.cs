namespace Cdr.Orleans.Contracts.Traffic;

/// <param name="Minutes">Each minute covered (Unix minutes), oldest first.</param>
/// <param name="Values">For each value, its counts at each of <see cref="Minutes"/>.</param>
[GenerateSerializer, Immutable, Alias("traffic-series.v1")]
public sealed record TrafficSeries(
    [property: Id(0)] IReadOnlyList<long> Minutes,
    [property: Id(1)] IReadOnlyDictionary<string, IReadOnlyList<TrafficCounts>> Values);
