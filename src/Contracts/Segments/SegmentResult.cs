namespace Cdr.Orleans.Contracts.Segments;

/// <param name="Error">Why the rule was refused (with its position and what a rule can use); null when it ran.</param>
/// <param name="Matching">Subscribers the rule holds for.</param>
/// <param name="Considered">Subscribers evaluated: every subscriber with a profile or a CDR of its own.</param>
/// <param name="Sample">Up to the asked number of matching MSISDNs, in order.</param>
[GenerateSerializer, Immutable, Alias("segment-result.v1")]
public sealed record SegmentResult(
    [property: Id(0)] string? Error,
    [property: Id(1)] long Matching,
    [property: Id(2)] long Considered,
    [property: Id(3)] IReadOnlyList<string> Sample);
