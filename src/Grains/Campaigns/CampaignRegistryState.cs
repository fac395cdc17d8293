using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Grains.Campaigns;

/// <summary>The registry's stored state. Persisted: never renumber an [Id].</summary>
[GenerateSerializer, Alias("campaign-registry-state.v1")]
public sealed class CampaignRegistryState
{
    [Id(0)] public Dictionary<string, CampaignRecord> Campaigns { get; set; } = [];

    /// <summary>Grows with every change; silos compare it with the version they compiled.</summary>
    [Id(1)] public long Version { get; set; }

    /// <summary>The contact policy above every campaign; null: none set yet.</summary>
    [Id(2)] public ContactPolicy? Policy { get; set; }
}
