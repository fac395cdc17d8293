using Cdr.Orleans.Contracts;
using Cdr.Orleans.Contracts.Models;

namespace Cdr.Orleans.Grains.Propensity;

/// <summary>The current model of every campaign, stored, with a revision that grows with each change (silos poll it).</summary>
public sealed class ModelRegistryGrain(
    [PersistentState("model-registry", StorageNames.Engine)] IPersistentState<ModelRegistryState> state) : Grain, IModelRegistryGrain
{
    public async Task PublishAsync(string campaignId, int version, PropensityModel model)
    {
        state.State.Models[campaignId] = new PublishedModel(version, model);
        state.State.Revision++;
        await state.WriteStateAsync();
    }

    public Task<ModelCatalogSnapshot?> GetIfChangedAsync(long revision) =>
        Task.FromResult(revision == state.State.Revision
            ? null
            : new ModelCatalogSnapshot(state.State.Revision, new Dictionary<string, PublishedModel>(state.State.Models, StringComparer.Ordinal)));
}
