using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Contracts.Responses;

/// <summary>What a response needs to know of its offer's decision: whose it is, whether it was sent or held out, and when.</summary>
[GenerateSerializer, Immutable, Alias("answered-offer.v1")]
public sealed record AnsweredOffer(
    [property: Id(0)] string OfferId,
    [property: Id(1)] string CampaignId,
    [property: Id(2)] string Msisdn,
    [property: Id(3)] OfferOutcome Outcome,
    [property: Id(4)] bool Explored,
    [property: Id(5)] DateTime DecidedUtc,
    [property: Id(6)] bool GlobalControl = false)
{
    public static AnsweredOffer Of(OfferDecision decision) =>
        new(decision.Id, decision.CampaignId, decision.Msisdn, decision.Outcome, decision.Explored, decision.DecidedUtc ?? decision.CdrStartUtc, decision.GlobalControl);
}
