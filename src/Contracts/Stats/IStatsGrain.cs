namespace Cdr.Orleans.Contracts.Stats;

/// <summary>
/// Cluster-wide counters. Silos pre-aggregate locally and report deltas about once a second, so this grain takes a
/// handful of calls per second whatever the CDR rate. Key: 0 (one per cluster).
/// </summary>
public interface IStatsGrain : IGrainWithIntegerKey
{
    Task ReportAsync(StatsReport report);

    Task<ClusterStats> GetAsync();

    /// <summary>Every campaign's results so far, by campaign id.</summary>
    Task<IReadOnlyDictionary<string, Campaigns.CampaignResults>> GetCampaignResultsAsync();
}
