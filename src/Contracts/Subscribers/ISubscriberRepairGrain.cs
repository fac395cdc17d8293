namespace Cdr.Orleans.Contracts.Subscribers;

/// <summary>
/// Repairs of a subscriber whose stored state cannot be read (its CDRs become dead letters meanwhile). Key 0; runs on
/// the silo that gets the call.
/// </summary>
public interface ISubscriberRepairGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Deletes the stored state of <paramref name="msisdn"/> when it cannot be read, so that the subscriber starts
    /// afresh with its next CDR; a state that can be read is left alone. Says what was done.
    /// </summary>
    Task<RepairResult> ResetAsync(string msisdn);
}

/// <param name="Reset">Whether the stored state was deleted.</param>
/// <param name="Message">What was done, or why nothing was.</param>
[GenerateSerializer, Immutable, Alias("repair-result.v1")]
public sealed record RepairResult([property: Id(0)] bool Reset, [property: Id(1)] string Message);
