namespace Cdr.Orleans.Contracts.Segments;

/// <summary>
/// Marketing segments: which subscribers a rule expression holds for, counted where the subscribers live (each
/// subscriber grain evaluates the rule on its own state, activated if it was not resident; only the count and a
/// sample travel). Key 0.
/// </summary>
public interface ISegmentGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Long: with every subscriber idle, a query activates each one (about half a minute per million on 2 cores).
    /// Cancelling stops it between chunks of subscribers (the web console's time budget).
    /// </summary>
    [ResponseTimeout("00:15:00")]
    Task<SegmentResult> QueryAsync(string rule, int sample, CancellationToken cancellationToken = default);
}
