namespace Cdr.Orleans.Contracts.Subscribers;

/// <summary>One subscriber, keyed by MSISDN: its profile and the live counters folded from its CDRs.</summary>
public interface ISubscriberGrain : IGrainWithStringKey
{
    Task SetProfileAsync(SubscriberProfile profile);

    /// <summary>
    /// <see cref="SetProfileAsync"/> for a bulk load: a subscriber that was not resident leaves memory once its profile
    /// is stored and is on the roster (at once in durable mode, whose roster is the stored states; within about 20 s in
    /// embedded mode), unless a CDR comes first, so that loading ten million profiles does not keep ten million grains.
    /// </summary>
    Task LoadProfileAsync(SubscriberProfile profile);

    /// <summary>
    /// Folds the batch into the subscriber's state (and stores it before returning when state writes are per batch).
    /// A ValueTask: the partition grain makes one such call per subscriber per batch, and a Task each was measurable.
    /// </summary>
    ValueTask<ApplyResult> ApplyAsync(SubscriberBatch batch);

    /// <summary>
    /// A partition's checkpoint: writes the state if it changed since the last write. True when the stored state holds
    /// every batch of <paramref name="partition"/> up to <paramref name="position"/>; false when it lacks some (the
    /// partition replays them).
    /// </summary>
    ValueTask<bool> FlushAsync(int partition, long position);

    /// <summary>
    /// Consent to marketing: false (STOP) opts the subscriber out of every campaign from <paramref name="atUtc"/> on,
    /// stored before it returns; true opts them in again. False when the number is not a known subscriber (nothing kept).
    /// </summary>
    Task<bool> SetMarketingAsync(bool allowed, DateTime atUtc);

    /// <summary>The subscriber's state for people; null when the number is not a known subscriber.</summary>
    Task<SubscriberSnapshot?> GetSnapshotAsync();

    /// <summary>
    /// A segment send reaches this subscriber: the one-shot campaign <paramref name="campaignId"/> at
    /// <paramref name="revision"/> decides once for it now, with its caps, budget, control group and the contact
    /// policy; its decision goes to the offer sinks as any other. Asked again, it answers
    /// <see cref="Campaigns.OnceOutcome.AlreadyDecided"/>, unless its quiet hours stopped it: then <paramref name="pass"/>
    /// (the send's walk, from 1) tells the decisions of later passes apart.
    /// </summary>
    Task<Campaigns.OnceResult> DecideOnceAsync(string campaignId, int revision, int pass);

    /// <summary>Whether a segment rule holds for this subscriber; null when the number is not a known subscriber.</summary>
    Task<bool?> MatchesAsync(string rule);
}
