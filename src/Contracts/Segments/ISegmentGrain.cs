namespace Cdr.Orleans.Contracts.Segments;

/// <summary>
/// Marketing segments: which subscribers a rule expression holds for, counted where the subscribers live (each
/// subscriber grain evaluates the rule on its own state, activated if it was not resident; only the count and a
/// sample travel). Key 0.
/// </summary>
public interface ISegmentGrain : IGrainWithIntegerKey
{
    /// <summary>Long: with every subscriber idle, a query activates each one (about half a minute per million on 2 cores).</summary>
    [ResponseTimeout("00:15:00")]
    Task<SegmentResult> QueryAsync(string rule, int sample);
}

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
