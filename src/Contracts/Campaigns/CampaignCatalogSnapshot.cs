namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>Every campaign and the contact policy at one catalog version: what each silo compiles and evaluates.</summary>
[GenerateSerializer, Immutable, Alias("campaign-catalog.v1")]
public sealed record CampaignCatalogSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<CampaignRecord> Campaigns,
    [property: Id(2)] ContactPolicy? Policy = null);
