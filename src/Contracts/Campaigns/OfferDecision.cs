namespace Cdr.Orleans.Contracts.Campaigns;

public enum OfferOutcome : byte
{
    /// <summary>The offer goes to the subscriber.</summary>
    Sent = 0,

    /// <summary>The subscriber is in the campaign's control group: recorded, nothing sent.</summary>
    HeldOut = 1,
}

public enum OfferResponse : byte { None = 0, Accepted = 1, Declined = 2 }

/// <summary>
/// What a campaign decided for one subscriber on one CDR. <see cref="Id"/> is derived from (campaign, subscriber, CDR)
/// only, so a replayed CDR gives the same id and the sink keeps it once. <see cref="Values"/> are the values of the
/// rule's terms that made it true, e.g. "H24.VoiceMinutes" = "73.5".
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
    [property: Id(12)] DateTime? DecidedUtc = null);

/// <summary>A decision as the offer log holds it: its place in the log and the subscriber's response, if any.</summary>
[GenerateSerializer, Immutable, Alias("logged-offer.v1")]
public sealed record LoggedOffer(
    [property: Id(0)] long Sequence,
    [property: Id(1)] OfferDecision Decision,
    [property: Id(2)] DateTime LoggedUtc,
    [property: Id(3)] OfferResponse Response = OfferResponse.None);

/// <summary>A page of the offer log after a sequence number. <see cref="Missed"/> counts entries that were evicted before they could be read.</summary>
[GenerateSerializer, Immutable, Alias("offer-page.v1")]
public sealed record OfferPage(
    [property: Id(0)] IReadOnlyList<LoggedOffer> Offers,
    [property: Id(1)] long Next,
    [property: Id(2)] long Missed);

public enum RespondResult : byte { Recorded = 0, NotFound = 1, AlreadyAnswered = 2 }
