using Cdr.Orleans.Contracts;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Grains.Domain;
using Cdr.Orleans.Grains.Stats;

namespace Cdr.Orleans.Grains.Subscribers;

/// <summary>
/// One subscriber. Thin: reads its state, lets <see cref="SubscriberFold"/> fold the batch, stores the result before
/// returning (so nothing is acknowledged that is not stored).
/// </summary>
public sealed class SubscriberGrain(
    [PersistentState("subscriber", StorageNames.Subscribers)] IPersistentState<SubscriberState> state,
    EngineCounters counters,
    FoldSettings settings) : Grain, ISubscriberGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        counters.SubscriberActivated();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        counters.SubscriberDeactivated();
        return Task.CompletedTask;
    }

    public Task SetProfileAsync(SubscriberProfile profile)
    {
        state.State.Profile = profile;
        return state.WriteStateAsync();
    }

    public Task ApplyAsync(SubscriberBatch batch)
    {
        var subscriber = state.State;
        foreach (var cdr in batch.Outgoing)
        {
            SubscriberFold.ApplyOutgoing(subscriber, cdr, settings);
        }
        if (!subscriber.IsKnown)
        {
            // Calls to a number that is not one of our subscribers (off-net, or never loaded): nothing to keep.
            DeactivateOnIdle();
            return Task.CompletedTask;
        }
        foreach (var cdr in batch.Incoming)
        {
            SubscriberFold.ApplyIncoming(subscriber, cdr);
        }
        return state.WriteStateAsync();
    }

    public Task<SubscriberSnapshot?> GetSnapshotAsync()
    {
        if (!state.State.IsKnown)
        {
            DeactivateOnIdle();
            return Task.FromResult<SubscriberSnapshot?>(null);
        }
        return Task.FromResult<SubscriberSnapshot?>(SubscriberFold.Snapshot(this.GetPrimaryKeyString(), state.State));
    }
}
