namespace Cdr.Orleans.Contracts.Stats;

/// <summary>End-to-end lag (published to applied) seen by a silo over one report interval.</summary>
[GenerateSerializer, Immutable, Alias("lag-sample.v1")]
public sealed record LagSample(
    [property: Id(0)] long Batches,
    [property: Id(1)] double MeanMs,
    [property: Id(2)] double P99Ms,
    [property: Id(3)] double MaxMs);
