using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Campaigns;

namespace Cdr.Orleans.Grains.Campaigns;

/// <summary>Campaign budgets as the cluster's <see cref="ICampaignBudgetGrain"/>s: one call per offer of a campaign that has a budget.</summary>
public sealed class GrainOfferBudget(IGrainFactory grains) : IOfferBudget
{
    public ValueTask<bool> TryTakeAsync(Campaign campaign) => new(grains.GetGrain<ICampaignBudgetGrain>(campaign.Id).TryTakeAsync());
}
