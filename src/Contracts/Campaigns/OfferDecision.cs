namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>
/// What a campaign decided for one subscriber on one CDR. <see cref="Id"/> is derived from (campaign, subscriber, CDR)
/// only, so a replayed CDR gives the same id and the sink keeps it once. <see cref="Values"/> are the values of the
/// rule's terms that made it true, e.g. "H24.VoiceMinutes" = "73.5". <see cref="Propensity"/>: the campaign's model's
/// score at the decision (null before it has one); <see cref="Explored"/>: sent in the exploration share, whatever the score.
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
    [property: Id(14)] bool Explored = false);
