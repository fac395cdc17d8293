using Cdr.Orleans.Contracts.Subscribers;

namespace Cdr.Orleans.Tests.Partitions;

/// <summary>
/// A subscriber as the partition sees it, without Orleans: it applies a batch once (skipping positions it holds, as in
/// durable mode), answers Missing when it lacks the batch the partition says came before, keeps what it applied in
/// memory until a flush stores it, and can lose what it did not store, as an activation on a dead silo does.
/// </summary>
internal sealed class FakeSubscriber(string msisdn) : ISubscriberGrain
{
    private long position;
    private List<string> applied = [];
    private long storedPosition;
    private List<string> stored = [];

    public string Msisdn => msisdn;

    /// <summary>Ids of the CDRs applied, outgoing and incoming, in order.</summary>
    public IReadOnlyList<string> Applied => applied;

    public IReadOnlyList<string> Stored => stored;

    public int Flushes { get; private set; }

    public int Calls { get; private set; }

    /// <summary>When set, the next apply throws it (a silo gone mid-call).</summary>
    public Exception? FailNext { get; set; }

    public ValueTask<ApplyResult> ApplyAsync(SubscriberBatch batch)
    {
        Calls++;
        if (FailNext is { } failure)
        {
            FailNext = null;
            return ValueTask.FromException<ApplyResult>(failure);
        }
        if (batch.Position > 0 && batch.Position <= position)
        {
            return ValueTask.FromResult(ApplyResult.Applied);
        }
        if (batch.Previous > 0 && batch.Previous > position)
        {
            return ValueTask.FromResult(ApplyResult.Missing);
        }
        applied.AddRange(batch.Outgoing.Select(c => c.Id));
        applied.AddRange(batch.Incoming.Select(c => c.Id));
        position = batch.Position;
        return ValueTask.FromResult(ApplyResult.Applied);
    }

    public ValueTask<bool> FlushAsync(int partition, long upTo)
    {
        Flushes++;
        (storedPosition, stored) = (position, [.. applied]);
        return ValueTask.FromResult(position >= upTo);
    }

    /// <summary>Its activation died: what it had not stored is gone.</summary>
    public void LoseUnstored() => (position, applied) = (storedPosition, [.. stored]);

    public Task SetProfileAsync(SubscriberProfile profile) => Task.CompletedTask;

    public Task LoadProfileAsync(SubscriberProfile profile) => Task.CompletedTask;

    public Task<SubscriberSnapshot?> GetSnapshotAsync() => Task.FromResult<SubscriberSnapshot?>(null);

    public Task<bool?> MatchesAsync(string rule) => Task.FromResult<bool?>(null);

    public Task<Contracts.Campaigns.OnceResult> DecideOnceAsync(string campaignId, int revision, int pass) =>
        Task.FromResult(new Contracts.Campaigns.OnceResult(Contracts.Campaigns.OnceOutcome.NotKnown));

    public Task<bool> SetMarketingAsync(bool allowed, DateTime atUtc) => Task.FromResult(false);
}
