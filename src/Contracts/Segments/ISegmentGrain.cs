namespace Cdr.Orleans.Contracts.Segments;

/// <summary>
/// Marketing segments: which subscribers a rule expression holds for, counted where the subscribers live (each
/// resident subscriber grain evaluates the rule on its own state; only the count and a sample travel). Key 0.
/// </summary>
public interface ISegmentGrain : IGrainWithIntegerKey
{
    Task<SegmentResult> QueryAsync(string rule, int sample);
}

/// <param name="Error">Why the rule was refused (with its position and what a rule can use); null when it ran.</param>
/// <param name="Matching">Subscribers the rule holds for.</param>
/// <param name="Considered">Subscribers evaluated: every resident subscriber grain with a profile or a CDR.</param>
/// <param name="Sample">Up to the asked number of matching MSISDNs, in order.</param>
[GenerateSerializer, Immutable, Alias("segment-result.v1")]
public sealed record SegmentResult(
    [property: Id(0)] string? Error,
    [property: Id(1)] long Matching,
    [property: Id(2)] long Considered,
    [property: Id(3)] IReadOnlyList<string> Sample);
