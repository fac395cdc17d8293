namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// Campaign budgets counted in this process, from zero, one caller at a time: for the offline backtest (and tests),
/// where there is no cluster to share a budget with.
/// </summary>
public sealed class CountingBudget
{
    private readonly Dictionary<string, long> taken = new(StringComparer.Ordinal);

    /// <summary>Takes one offer from the campaign's budget; false when none is left.</summary>
    public bool TryTake(Campaign campaign)
    {
        var used = taken.GetValueOrDefault(campaign.Id);
        if (used >= campaign.Definition.Caps.Budget)
        {
            return false;
        }
        taken[campaign.Id] = used + 1;
        return true;
    }
}
