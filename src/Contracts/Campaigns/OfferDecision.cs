namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>
/// What a campaign decided for one subscriber on one CDR. <see cref="Id"/> is derived from (campaign, subscriber, CDR)
/// only, so a replayed CDR gives the same id and the sink keeps it once. <see cref="Values"/> are the values of the
/// rule's terms that made it true, e.g. "H24.VoiceMinutes" = "73.5". <see cref="Propensity"/>: the campaign's model's
/// score at the decision (null before it has one); <see cref="Explored"/>: sent in the exploration share, whatever the score.
/// <see cref="Policy"/>: the contact policy's rule that held it out or suppressed it (<see cref="PolicyRules"/>), else null.
/// </summary>
[GenerateSerializer, Immutable, Alias("offer-decision.v1")]
public sealed record OfferDecision(
    [property: Id(0)] string Id,
    [property: Id(1)] string CampaignId,
    [property: Id(2)] string Msisdn,
    [property: Id(3)] string CdrId,
    [property: Id(4)] DateTime CdrStartUtc,
    [property: Id(5)] OfferOutcome Outcome,
    [property: Id(6)] string OfferCode,
    [property: Id(7)] string Text,
    [property: Id(8)] string Channel,
    [property: Id(9)] decimal Value,
    [property: Id(10)] IReadOnlyDictionary<string, string> Values,
    [property: Id(11)] DateTime? PublishedUtc = null,
    [property: Id(12)] DateTime? DecidedUtc = null,
    [property: Id(13)] double? Propensity = null,
    [property: Id(14)] bool Explored = false,
    [property: Id(15)] string? Policy = null)
{
    /// <summary>Held out by the contact policy's global control group, not by the campaign's own.</summary>
    public bool GlobalControl => Policy == PolicyRules.GlobalControl;
}

/// <summary>The names of the contact policy's rules, as decisions and results carry them.</summary>
public static class PolicyRules
{
    public const string GlobalControl = "global-control";
    public const string OptedOut = "opted-out";
    public const string QuietHours = "quiet-hours";
    public const string DailyCap = "daily-cap";
    public const string WeeklyCap = "weekly-cap";
}
