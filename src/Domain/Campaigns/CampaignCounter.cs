namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>What a campaign's decision counters count (see <see cref="Contracts.Campaigns.CampaignResults"/>).</summary>
public enum CampaignCounter
{
    Evaluated = 0,
    Eligible,
    Triggered,
    Capped,
    Superseded,
    HeldOut,
    Sent,
    RuleErrors,
    BelowPropensity,
    Explored,
    GlobalControl,
    QuietHours,
    PolicyCapped,
    OptedOut,
}
