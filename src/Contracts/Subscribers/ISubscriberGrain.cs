namespace Cdr.Orleans.Contracts.Subscribers;

/// <summary>One subscriber, keyed by MSISDN: its profile and the live counters folded from its CDRs.</summary>
public interface ISubscriberGrain : IGrainWithStringKey
{
    Task SetProfileAsync(SubscriberProfile profile);

    /// <summary>
    /// Folds the batch into the subscriber's state (and stores it before returning when state writes are per batch).
    /// A ValueTask: the partition grain makes one such call per subscriber per batch, and a Task each was measurable.
    /// </summary>
    ValueTask ApplyAsync(SubscriberBatch batch);

    /// <summary>The subscriber's state for people; null when the number is not a known subscriber.</summary>
    Task<SubscriberSnapshot?> GetSnapshotAsync();
}
