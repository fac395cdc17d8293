namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>
/// A segment send (<c>campaign send --segment RULE</c>, the segments page's button), keyed by the one-shot campaign's
/// id: it checks the campaign, counts the segment now, creates the campaign, then walks every subscriber and asks each
/// to decide once (<see cref="Subscribers.ISubscriberGrain.DecideOnceAsync"/>). A silo that dies mid-walk leaves it to
/// be taken up again from the start the next time it is asked (each subscriber decides at most once, so nobody is sent
/// twice). Subscribers in their quiet hours are asked again when the earliest of their quiet hours ends, for a day.
/// </summary>
public interface ICampaignSendGrain : IGrainWithStringKey
{
    /// <summary>
    /// Checks, counts, creates and starts. Refused (nothing created) when the definition is not valid, the id is taken,
    /// or the segment matches nobody now; the result says why.
    /// </summary>
    [ResponseTimeout("00:15:00")]
    Task<SendStart> StartAsync(CampaignDefinition definition, string? changedBy);

    /// <summary>Where the send is; taken up again if the silo that walked it is gone. Null when this id was never sent.</summary>
    Task<SendProgress?> GetProgressAsync();
}

/// <param name="Errors">Why nothing was created; empty when the send started.</param>
/// <param name="Matching">Subscribers the segment matched when it was counted.</param>
/// <param name="Considered">Subscribers counted.</param>
/// <param name="MatchedNobody">Refused because the segment matched nobody (the definition itself was fine).</param>
[GenerateSerializer, Immutable, Alias("send-start.v1")]
public sealed record SendStart(
    [property: Id(0)] IReadOnlyList<string> Errors,
    [property: Id(1)] long Matching,
    [property: Id(2)] long Considered,
    [property: Id(3)] int Revision,
    [property: Id(4)] bool MatchedNobody = false)
{
    public bool Ok => Errors.Count == 0;
}

public enum SendState : byte
{
    /// <summary>Walking the subscribers.</summary>
    Sending = 0,

    /// <summary>Walked; some subscribers were in their quiet hours and are asked again at <see cref="SendProgress.NextPassUtc"/>.</summary>
    Waiting = 1,

    /// <summary>Every matching subscriber was decided (or the day of quiet-hour passes ended).</summary>
    Done = 2,

    /// <summary>The campaign was paused, stopped or replaced while sending: the walk stopped.</summary>
    Stopped = 3,
}

/// <summary>A segment send's progress; the offers' funnel and uplift are the campaign's results, as for any campaign.</summary>
[GenerateSerializer, Immutable, Alias("send-progress.v1")]
public sealed record SendProgress(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] int Revision,
    [property: Id(2)] SendState State,
    [property: Id(3)] DateTime StartedUtc,
    [property: Id(4)] DateTime? FinishedUtc,
    [property: Id(5)] long CountedMatching,
    [property: Id(6)] long Walked,
    [property: Id(7)] long Matched,
    [property: Id(8)] long Sent,
    [property: Id(9)] long HeldOut,
    [property: Id(10)] long Suppressed,
    [property: Id(11)] long BudgetSpent,
    [property: Id(12)] long WaitingQuietHours,
    [property: Id(13)] int Passes,
    [property: Id(14)] DateTime? NextPassUtc,
    [property: Id(15)] string? Note);

/// <summary>What one subscriber did with a segment send; <paramref name="RetryUtc"/>: when its quiet hours end (for <see cref="OnceOutcome.QuietHours"/>).</summary>
[GenerateSerializer, Immutable, Alias("once-result.v1")]
public readonly record struct OnceResult([property: Id(0)] OnceOutcome Outcome, [property: Id(1)] DateTime? RetryUtc = null);

/// <summary>What one subscriber did with a segment send.</summary>
public enum OnceOutcome : byte
{
    /// <summary>Not a subscriber (no profile, no CDR of its own).</summary>
    NotKnown = 0,

    /// <summary>The segment (eligibility and trigger) does not hold for it now.</summary>
    NotMatching = 1,

    Sent = 2,
    HeldOut = 3,

    /// <summary>Stopped by the contact policy other than quiet hours (opted out, global control, a cap).</summary>
    Suppressed = 4,

    /// <summary>Stopped by its quiet hours: asked again later.</summary>
    QuietHours = 5,

    /// <summary>The campaign's budget was spent.</summary>
    BudgetSpent = 6,

    /// <summary>Decided before (an earlier pass, or a walk taken up again).</summary>
    AlreadyDecided = 7,

    /// <summary>This silo does not have the campaign at that revision yet: ask again shortly.</summary>
    NotReady = 8,

    /// <summary>The campaign is no longer active at that revision (paused, stopped, replaced).</summary>
    NotActive = 9,
}
