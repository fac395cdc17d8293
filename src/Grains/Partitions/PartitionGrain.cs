using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Cdrs;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Grains.Hosting;
using Cdr.Orleans.Grains.Stats;
using Cdr.Orleans.Grains.Subscribers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams.Core;
using Orleans.Streams;

namespace Cdr.Orleans.Grains.Partitions;

/// <summary>
/// Consumes one CDR partition: validates and enriches each CDR, groups the batch by subscriber, calls every
/// subscriber once in parallel, and completes <see cref="OnNextAsync"/> only when all have applied it. That completion
/// is the stream's backpressure, and its acknowledgement unless state writes are
/// <see cref="StateWriteMode.Checkpoint"/>: then this grain keeps what it gave to whom since its last checkpoint
/// (<see cref="PartitionCheckpoint"/>), every <see cref="EngineOptions.CheckpointInterval"/> has those subscribers
/// write and only then acknowledges the entries, and gives again from the stream what a subscriber lost.
/// </summary>
[ImplicitStreamSubscription(CdrStreamOptions.Namespace)]
public sealed partial class PartitionGrain(
    EngineCounters counters,
    IOptions<EngineOptions> options,
    HomeNetwork network,
    Campaigns.CampaignCatalog campaigns,
    StateWritePolicy writes,
    IServiceProvider services,
    TimeProvider time,
    ILogger<PartitionGrain> logger) : Grain, IPartitionGrain, IStreamSubscriptionObserver, IAsyncObserver<CdrBatch>
{
    /// <summary>A checkpoint comes early when this many subscribers wait for one (bounds the grain's memory).</summary>
    public const int MaxPendingSubscribers = 100_000;

    private readonly EngineOptions engine = options.Value;
    private readonly IPartitionLog? log = writes.Checkpoints ? services.GetRequiredService<IPartitionLog>() : null;
    private readonly PartitionCheckpoint pending = new();
    private bool caughtUp;
    private GrainType subscriberType;
    private GrainInterfaceType subscriberInterface;

    /// <summary>How long a partition waits for this silo's first campaign catalog before its activation fails (and is retried).</summary>
    public static readonly TimeSpan CatalogWait = TimeSpan.FromSeconds(30);

    private int partition;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Resolve the subscriber grain's type once: GetGrain<T>(string) resolves the interface type from its name on
        // every call, which was ~17% of all allocation on the hot path (bench, 100k subscribers).
        var prototype = (GrainReference)GrainFactory.GetGrain<ISubscriberGrain>("+0");
        (subscriberType, subscriberInterface) = (prototype.GrainId.Type, prototype.InterfaceType);
        partition = int.Parse(this.GetPrimaryKeyString(), System.Globalization.CultureInfo.InvariantCulture);

        // No CDR is folded before the campaigns are known: evaluating against an empty set would lose offers silently.
        try
        {
            await campaigns.WhenLoaded.WaitAsync(CatalogWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the campaign catalog was not loaded within {CatalogWait.TotalSeconds:0} s; is the campaign registry reachable?");
        }
        if (log is not null)
        {
            // Partitions start together; a random first tick spreads their checkpoints over the interval, so the cluster
            // never has every subscriber writing at once (seen as minute-long stalls at 1M subscribers).
            var first = engine.CheckpointInterval * (0.5 + Random.Shared.NextDouble());
            this.RegisterGrainTimer(_ => CheckpointIfDueAsync(), first, engine.CheckpointInterval);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Saves the next activation a replay. Not when the silo stops: its subscribers are deactivating too (and write as
        // they go), and what stays unacknowledged is given again, and skipped, after the restart.
        if (log is not null && !pending.IsEmpty && reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
        {
            await CheckpointAsync();
        }
    }

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<CdrBatch>().ResumeAsync(this);

    public async Task OnNextAsync(CdrBatch batch, StreamSequenceToken? token = null)
    {
        var position = token?.SequenceNumber ?? 0;
        if (log is not null && !caughtUp)
        {
            // A new activation does not know what the previous one gave to whom since its last checkpoint, so it cannot
            // tell a subscriber's gap: it gives every entry still in the stream again first (subscribers skip what they
            // hold), and then knows.
            await ReplayAsync(only: null, before: position);
            caughtUp = true;
        }
        var valid = Validate(batch, count: true);
        var routed = PartitionRouter.Route(batch.Partition, position, valid, network, batch.PublishedUtc);
        var missing = await DeliverAsync(routed, log is null ? null : pending);
        if (missing is not null)
        {
            // Subscribers whose activation lost batches it had applied. Where one is, many usually are (their silo died):
            // a checkpoint now finds them all and gives them the gap from the stream in one pass (one at a time, each
            // replay read the whole retained stream again), then they take this batch. If the checkpoint fails, they
            // still miss the gap, and this batch fails to be delivered again later.
            await CheckpointAsync();
            var again = routed.Where(r => missing.Contains(r.Key)).ToDictionary(r => r.Key, r => r.Value);
            if (await DeliverAsync(again, pending) is { } still)
            {
                throw new InvalidOperationException($"partition {batch.Partition}: {still.Count} subscribers miss earlier batches (first {Msisdn.Mask(still.First())}) and the checkpoint that would give them again did not complete; the batch will be delivered again");
            }
        }

        counters.Applied(valid.Count);
        counters.BatchLag(time.GetUtcNow().UtcDateTime - batch.PublishedUtc);
        if (log is not null)
        {
            pending.Delivered(position);
            if (pending.SubscriberCount >= MaxPendingSubscribers)
            {
                await CheckpointAsync();
            }
        }
    }

    private List<CallDetailRecord> Validate(CdrBatch batch, bool count)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var valid = new List<CallDetailRecord>(batch.Cdrs.Count);
        foreach (var cdr in batch.Cdrs)
        {
            if (CdrIntake.Accept(cdr, now, engine.FutureTolerance, out var reason) is { } accepted)
            {
                valid.Add(accepted);
                continue;
            }
            if (count)
            {
                counters.Rejected(CdrValidator.CodeOf(reason!));
                LogRejected(logger, Msisdn.Mask(cdr.Caller ?? ""), reason!);
            }
        }
        return valid;
    }

    /// <summary>
    /// Calls every routed subscriber in parallel and records in <paramref name="pending"/> (when given) what each now
    /// holds. Returns the subscribers that miss earlier batches, or null. Every call is awaited even when one fails, and
    /// the first failure is rethrown.
    /// </summary>
    private async Task<HashSet<string>?> DeliverAsync(Dictionary<string, SubscriberBatch> routed, PartitionCheckpoint? pending)
    {
        var calls = new ValueTask<ApplyResult>[routed.Count];
        var names = new string[routed.Count];
        var i = 0;
        foreach (var (msisdn, subscriberBatch) in routed)
        {
            var previous = pending?.LastGiven(msisdn) ?? 0;
            names[i] = msisdn;
            calls[i++] = Subscriber(msisdn).ApplyAsync(previous > 0 ? subscriberBatch with { Previous = previous } : subscriberBatch);
        }
        // Awaited one by one (all were sent above, so they run in parallel): awaiting ValueTasks costs no Task per call.
        Exception? failure = null;
        HashSet<string>? missing = null;
        for (i = 0; i < calls.Length; i++)
        {
            try
            {
                switch (await calls[i])
                {
                    case ApplyResult.Applied:
                        pending?.Given(names[i], routed[names[i]].Position);
                        break;
                    case ApplyResult.Missing:
                        (missing ??= new HashSet<string>(StringComparer.Ordinal)).Add(names[i]);
                        break;
                }
            }
            catch (Exception error)
            {
                failure ??= error;
            }
        }
        Rethrow(failure);
        return missing;
    }

    /// <summary>
    /// Gives the entries still in the stream before <paramref name="before"/> again, oldest first: to
    /// <paramref name="only"/> these subscribers, or to every subscriber they route to (and then records them as given).
    /// Subscribers skip what they hold and apply what they lost.
    /// </summary>
    private async Task ReplayAsync(HashSet<string>? only, long before)
    {
        var retained = await log!.ReadRetainedAsync(partition, before);
        if (retained.Count == 0)
        {
            return;
        }
        LogReplay(logger, partition, retained.Count, only is null ? "every subscriber (new activation)" : $"{only.Count} subscribers that lost them");
        foreach (var (position, batch) in retained)
        {
            var routed = PartitionRouter.Route(partition, position, Validate(batch, count: false), network, batch.PublishedUtc);
            var targets = routed
                .Where(r => only is null || only.Contains(r.Key))
                .ToDictionary(r => r.Key, r => r.Value with { Replayed = true });
            if (await DeliverAsync(targets, pending: only is null ? pending : null) is { } missing)
            {
                throw new InvalidOperationException($"partition {partition}: a replay from the stream found {missing.Count} subscribers missing batches older than the stream holds");
            }
            if (only is null)
            {
                pending.Delivered(position);
            }
        }
    }

    private Task CheckpointIfDueAsync() => pending.IsEmpty ? Task.CompletedTask : CheckpointAsync();

    /// <summary>
    /// Every subscriber given a batch since the last checkpoint writes its state (those holding nothing new write
    /// nothing); one that lost some gets them again from the stream and writes then. Only when all have stored what they
    /// were given are those entries acknowledged and deleted. A failure (Redis away) leaves everything for the next try.
    /// </summary>
    private async Task CheckpointAsync()
    {
        try
        {
            var lost = await FlushAsync(pending.GivenTo());
            if (lost is not null)
            {
                await ReplayAsync(only: lost, before: pending.LastPosition + 1);
                if (await FlushAsync(lost.Select(m => (m, pending.LastGiven(m)))) is { } still)
                {
                    throw new InvalidOperationException($"{still.Count} subscribers still lack batches after a replay");
                }
            }
            await log!.AcknowledgeAsync(partition, pending.Positions);
            pending.Clear();
        }
        catch (Exception error)
        {
            LogCheckpointFailed(logger, partition, pending.SubscriberCount, error.Message);
        }
    }

    /// <summary>At most this many flush calls of one checkpoint are on their way at once.</summary>
    public const int FlushesInFlight = 512;

    private async Task<HashSet<string>?> FlushAsync(IEnumerable<(string Msisdn, long Position)> subscribers)
    {
        HashSet<string>? lost = null;
        Exception? failure = null;
        foreach (var slice in subscribers.Chunk(FlushesInFlight))
        {
            var calls = slice.Select(s => Subscriber(s.Msisdn).FlushAsync(partition, s.Position)).ToArray();
            failure ??= await AwaitEachAsync(calls, (index, stored) =>
            {
                if (!stored)
                {
                    (lost ??= new HashSet<string>(StringComparer.Ordinal)).Add(slice[index].Msisdn);
                }
            });
        }
        Rethrow(failure);
        return lost;
    }

    /// <summary>
    /// Awaits every call (all were sent before, so they run in parallel; awaiting ValueTasks one by one costs no Task
    /// per call), hands each result to <paramref name="onResult"/>, and returns the first failure, if any, once all are done.
    /// </summary>
    private static async Task<Exception?> AwaitEachAsync<T>(ValueTask<T>[] calls, Action<int, T> onResult)
    {
        Exception? failure = null;
        for (var i = 0; i < calls.Length; i++)
        {
            try
            {
                onResult(i, await calls[i]);
            }
            catch (Exception error)
            {
                failure ??= error;
            }
        }
        return failure;
    }

    private static void Rethrow(Exception? failure)
    {
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    private ISubscriberGrain Subscriber(string msisdn) =>
        (ISubscriberGrain)GrainFactory.GetGrain(GrainId.Create(subscriberType, msisdn), subscriberInterface);

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(logger, this.GetPrimaryKeyString(), ex.Message);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rejected a CDR of {Caller}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string caller, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream error on CDR partition {Partition}: {Reason}")]
    private static partial void LogStreamError(ILogger logger, string partition, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CDR partition {Partition}: giving {Count} entries still in the stream again to {Whom}")]
    private static partial void LogReplay(ILogger logger, int partition, int count, string whom);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CDR partition {Partition}: checkpoint of {Subscribers} subscribers not done, tried again later: {Reason}")]
    private static partial void LogCheckpointFailed(ILogger logger, int partition, int subscribers, string reason);
}
