namespace Cdr.Orleans.Contracts.Campaigns;

public enum OfferOutcome : byte
{
    /// <summary>The offer goes to the subscriber.</summary>
    Sent = 0,

    /// <summary>The subscriber is in the campaign's control group: recorded, nothing sent.</summary>
    HeldOut = 1,
}
