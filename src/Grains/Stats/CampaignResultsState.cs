using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Grains.Stats;

/// <summary>Campaign results, stored so that they survive a restart as the campaigns do. Never renumber an [Id].</summary>
[GenerateSerializer, Alias("campaign-results-state.v1")]
public sealed class CampaignResultsState
{
    [Id(0)] public Dictionary<string, CampaignResults> Campaigns { get; set; } = new(StringComparer.Ordinal);
}
