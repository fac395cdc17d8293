namespace Cdr.Orleans.Contracts.Subscribers;

/// <summary>What <see cref="ISubscriberGrain.ApplyAsync"/> did with a batch.</summary>
public enum ApplyResult
{
    /// <summary>Applied, or applied before (a redelivery).</summary>
    Applied,

    /// <summary>
    /// Nothing applied: the subscriber lacks an earlier batch of the same partition (<see cref="SubscriberBatch.Previous"/>
    /// is beyond what it holds; the activation that applied it died unsaved). The partition replays the gap, then this batch.
    /// </summary>
    Missing,

    /// <summary>Not a subscriber (a callee that is not ours): nothing kept, nothing to checkpoint.</summary>
    NotKept,
}
