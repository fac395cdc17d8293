namespace Cdr.Orleans.Contracts.Campaigns;

public enum OfferOutcome : byte
{
    /// <summary>The offer goes to the subscriber.</summary>
    Sent = 0,

    /// <summary>
    /// Recorded, nothing sent: the subscriber is in the campaign's control group, or (<see cref="OfferDecision.Policy"/>
    /// <c>global-control</c>) in the contact policy's global control group.
    /// </summary>
    HeldOut = 1,

    /// <summary>
    /// The contact policy stopped it (<see cref="OfferDecision.Policy"/> says which rule): kept in the subscriber's
    /// latest decisions, never sent nor stored in the offer log.
    /// </summary>
    Suppressed = 2,
}
