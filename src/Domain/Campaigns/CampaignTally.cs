using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>One campaign's decision counters in its process: a slot of a <see cref="CampaignTallies"/>.</summary>
public sealed class CampaignTally
{
    private readonly CampaignTallies tallies;
    private readonly int slot;

    internal CampaignTally(CampaignTallies tallies, int slot) => (this.tallies, this.slot) = (tallies, slot);

    public void Add(CampaignCounter counter) => tallies.Add(slot, counter);

    /// <summary>Each <see cref="CampaignCounter"/>'s count so far, indexed by its value.</summary>
    public long[] Counts() => tallies.Sum(slot);

    /// <summary>The counts so far (responses are counted elsewhere and are zero here).</summary>
    public CampaignResults Snapshot()
    {
        var sums = tallies.Sum(slot);
        return new CampaignResults(
            Evaluated: sums[(int)CampaignCounter.Evaluated], Eligible: sums[(int)CampaignCounter.Eligible],
            Triggered: sums[(int)CampaignCounter.Triggered], Capped: sums[(int)CampaignCounter.Capped],
            Superseded: sums[(int)CampaignCounter.Superseded], HeldOut: sums[(int)CampaignCounter.HeldOut],
            Sent: sums[(int)CampaignCounter.Sent], Accepted: 0, Declined: 0, ControlConverted: 0,
            RuleErrors: sums[(int)CampaignCounter.RuleErrors], BelowPropensity: sums[(int)CampaignCounter.BelowPropensity],
            Explored: sums[(int)CampaignCounter.Explored], GlobalControl: sums[(int)CampaignCounter.GlobalControl],
            QuietHours: sums[(int)CampaignCounter.QuietHours], PolicyCapped: sums[(int)CampaignCounter.PolicyCapped],
            OptedOut: sums[(int)CampaignCounter.OptedOut]);
    }
}
