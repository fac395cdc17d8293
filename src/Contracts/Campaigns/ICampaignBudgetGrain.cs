using Orleans.Concurrency;

namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>
/// A campaign's total budget (one grain per campaign id), shared by every silo: never exceeded. Silos take offers in
/// small leases and hand them out locally, so most offers cost no call here.
/// </summary>
public interface ICampaignBudgetGrain : IGrainWithStringKey
{
    /// <summary>Sets the budget; null means unlimited. Offers already taken still count.</summary>
    Task SetLimitAsync(long? limit);

    /// <summary>
    /// Takes up to <paramref name="wanted"/> offers for a silo to hand out: fewer near the end (at most a quarter of what
    /// is left, at least one), none when the budget is spent. Durable before it returns.
    /// </summary>
    Task<int> TakeAsync(int wanted);

    [AlwaysInterleave]
    Task<BudgetState> GetAsync();
}
