using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Responses;

namespace Cdr.Orleans.Domain.Responses;

/// <summary>What one recorded response adds to its campaign's results.</summary>
public static class ResponseCounts
{
    /// <summary>
    /// A sent offer's answer counts as accepted or declined (STOP as declined), an explored one's acceptance in
    /// ExploredAccepted too; a held-out subscriber reported as accepting is a control conversion (bought without the
    /// offer; of the contact policy's global control group, a global control conversion); a held-out subscriber's decline
    /// or STOP counts nowhere.
    /// </summary>
    public static CampaignResults Of(AnsweredOffer offer, OfferResponse response)
    {
        var sent = offer.Outcome == OfferOutcome.Sent;
        var accepted = response == OfferResponse.Accepted;
        return CampaignResults.Zero with
        {
            Accepted = sent && accepted ? 1 : 0,
            Declined = sent && response is OfferResponse.Declined or OfferResponse.Stopped ? 1 : 0,
            ControlConverted = !sent && !offer.GlobalControl && accepted ? 1 : 0,
            GlobalControlConverted = !sent && offer.GlobalControl && accepted ? 1 : 0,
            ExploredAccepted = sent && offer.Explored && accepted ? 1 : 0,
        };
    }

    /// <summary>Whether the answer labels the campaign's training example: only sent offers have one.</summary>
    public static bool Labels(AnsweredOffer offer) => offer.Outcome == OfferOutcome.Sent;
}
