using Cdr.Orleans.Contracts;
using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Grains.Campaigns;

/// <summary>One campaign's revisions (<see cref="ICampaignHistoryGrain"/>), stored before the registry stores the change.</summary>
public sealed class CampaignHistoryGrain(
    [PersistentState("campaign-history", StorageNames.Engine)] IPersistentState<CampaignHistoryState> state) : Grain, ICampaignHistoryGrain
{
    /// <summary>Revisions kept per campaign; past this the oldest go (a campaign changed a thousand times).</summary>
    public const int Kept = 1_000;

    public async Task AppendAsync(CampaignRecord record)
    {
        var revisions = new List<CampaignRecord>(state.State.Revisions.Where(r => r.Revision < record.Revision)) { record };
        if (revisions.Count > Kept)
        {
            revisions.RemoveRange(0, revisions.Count - Kept);
        }
        var previous = state.State.Revisions;
        state.State.Revisions = revisions;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Revisions = previous;
            throw;
        }
    }

    public Task<IReadOnlyList<CampaignRecord>> GetAsync() => Task.FromResult<IReadOnlyList<CampaignRecord>>([.. state.State.Revisions]);
}

/// <summary>The history's stored state. Persisted: never renumber an [Id].</summary>
[GenerateSerializer, Alias("campaign-history-state.v1")]
public sealed class CampaignHistoryState
{
    [Id(0)] public List<CampaignRecord> Revisions { get; set; } = [];
}
