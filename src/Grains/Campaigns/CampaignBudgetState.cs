namespace Cdr.Orleans.Grains.Campaigns;

[GenerateSerializer, Alias("campaign-budget-state.v1")]
public sealed class CampaignBudgetState
{
    [Id(0)] public long? Limit { get; set; }
    [Id(1)] public long Taken { get; set; }
}
