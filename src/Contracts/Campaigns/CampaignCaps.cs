namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>How many offers: per subscriber per period, and in total.</summary>
[GenerateSerializer, Immutable, Alias("campaign-caps.v1")]
public sealed record CampaignCaps
{
    /// <summary>At most this many decisions (sent or held out) per subscriber per <see cref="Period"/>.</summary>
    [Id(0)] public int PerSubscriber { get; init; } = 1;

    /// <summary>"24h", "7d"...; null: per subscriber over the campaign's whole life.</summary>
    [Id(1)] public string? Period { get; init; }

    /// <summary>Offers sent by the whole campaign, across all silos, never more; null: unlimited.</summary>
    [Id(2)] public long? Budget { get; init; }
}
