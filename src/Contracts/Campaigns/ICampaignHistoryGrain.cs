using Orleans.Concurrency;

namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>
/// Every revision of one campaign (keyed by its id), oldest first: its definition, status, when and by whom. Kept in
/// the engine storage, apart from the registry, so that a long history costs nothing to the catalog the silos read.
/// </summary>
public interface ICampaignHistoryGrain : IGrainWithStringKey
{
    /// <summary>Keeps a revision; one with the number of a kept one replaces it (a change the registry could not store is made again under that number).</summary>
    Task AppendAsync(CampaignRecord record);

    [AlwaysInterleave]
    Task<IReadOnlyList<CampaignRecord>> GetAsync();
}
