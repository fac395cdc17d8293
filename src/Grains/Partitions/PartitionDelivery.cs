using System.Runtime.ExceptionServices;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Domain.Cdrs;
using Cdr.Orleans.Grains.Stats;
using Microsoft.Extensions.Logging;

namespace Cdr.Orleans.Grains.Partitions;

/// <summary>
/// The delivery protocol of one CDR partition, apart from Orleans: validate and enrich each CDR of a batch, group it by
/// subscriber, call every subscriber once in parallel and return only when all have applied it. With a
/// <see cref="IPartitionLog"/> (checkpoint mode) it also keeps what it gave to whom since its last checkpoint
/// (<see cref="PartitionCheckpoint"/>), has those subscribers write at each checkpoint and only then acknowledges the
/// entries, and gives again from the log what a subscriber lost: after a new activation, when a subscriber answers
/// <see cref="ApplyResult.Missing"/>, and when a checkpoint's flush finds a subscriber without what it was given.
/// </summary>
public sealed partial class PartitionDelivery(
    int partition,
    IPartitionLog? log,
    Func<string, ISubscriberGrain> subscriber,
    HomeNetwork network,
    TimeSpan futureTolerance,
    EngineCounters counters,
    TimeProvider time,
    ILogger logger,
    Subscribers.DeadLetterOutbox? deadLetters = null)
{
    /// <summary>A checkpoint comes early when this many subscribers wait for one (bounds the partition's memory).</summary>
    public const int MaxPendingSubscribers = 100_000;

    /// <summary>At most this many flush calls of one checkpoint are on their way at once.</summary>
    public const int FlushesInFlight = 512;

    /// <summary>
    /// The note counted when an entry comes after a newer one without having come before it: subscribers that applied
    /// the newer one skip it, so its CDRs are lost for them. The stream reader's fence prevents it; this says if it ever happens.
    /// </summary>
    public const string LateEntry = "late-entry";

    /// <summary>How many recent positions are remembered to tell an entry given again from one that comes late.</summary>
    public const int RecentPositions = 4096;

    private readonly PartitionCheckpoint pending = new();
    private readonly HashSet<long> recent = [];
    private readonly Queue<long> recentOrder = new();
    private long newest;
    private bool caughtUp;

    public int Partition => partition;

    /// <summary>Whether this partition checkpoints (it has a log to acknowledge and replay from).</summary>
    public bool Checkpoints => log is not null;

    /// <summary>Whether anything was given since the last checkpoint.</summary>
    public bool HasPending => !pending.IsEmpty;

    /// <summary>Subscribers given a batch since the last checkpoint.</summary>
    public int PendingSubscribers => pending.SubscriberCount;

    /// <summary>
    /// Delivers one batch at stream position <paramref name="position"/>; throws when it must be delivered again. A batch
    /// with per-message <see cref="CdrBatch.Positions"/> (Kafka) is delivered as <see cref="Segments"/>, each subscriber
    /// given each message at that message's own position, and what this activation delivered already is left out: a
    /// reader that starts again from the committed offset, or a second reader for a moment, groups messages otherwise.
    /// </summary>
    public async Task DeliverAsync(CdrBatch batch, long position)
    {
        var first = batch.Positions is { Count: > 0 } positions ? positions[0] : position;
        if (log is not null && !caughtUp)
        {
            // A new activation does not know what the previous one gave to whom since its last checkpoint, so it cannot
            // tell a subscriber's gap: it gives every entry still in the stream again first (subscribers skip what they
            // hold), and then knows.
            await ReplayAsync(only: null, before: first);
            caughtUp = true;
        }
        if (batch.Positions is null && position > 0 && position < newest && !recent.Contains(position))
        {
            counters.Noted(LateEntry);
            LogLate(logger, partition, position, newest);
        }
        if (batch.Positions is not null && position <= newest)
        {
            return; // every message of it was delivered by this activation already
        }
        foreach (var segment in Segments(batch, position, count: true, after: batch.Positions is null ? 0 : newest))
        {
            await DeliverSegmentAsync(segment);
        }
        counters.BatchLag(time.GetUtcNow().UtcDateTime - batch.PublishedUtc);
    }

    private async Task DeliverSegmentAsync(Segment segment)
    {
        var routed = segment.Routed;
        var missing = await CallAsync(routed, log is null ? null : pending);
        if (missing is not null)
        {
            // Where one subscriber lost batches, many usually did (their silo died): a checkpoint finds them all and gives
            // them the gap from the log in one pass, then they take this batch. If the checkpoint fails, they still miss
            // the gap, and this batch fails, to be delivered again later.
            await CheckpointAsync();
            var again = routed.Where(r => missing.Contains(r.Key)).ToDictionary(r => r.Key, r => r.Value);
            if (await CallAsync(again, pending) is { } still)
            {
                throw new InvalidOperationException($"partition {partition}: {still.Count} subscribers miss earlier batches (first {Msisdn.Mask(still.First())}) and the checkpoint that would give them again did not complete; the batch will be delivered again");
            }
        }
        Remember(segment.Position);
        if (log is not null)
        {
            pending.Delivered(segment.Position);
            if (pending.SubscriberCount >= MaxPendingSubscribers)
            {
                await CheckpointAsync();
            }
        }
    }

    /// <summary>What one round of parallel calls gives: each subscriber's part, and the stream position the round reaches.</summary>
    private readonly record struct Segment(Dictionary<string, SubscriberBatch> Routed, long Position);

    /// <summary>
    /// The rounds a batch is given in. A batch of one position: one round. A batch of per-message positions (those at or
    /// below <paramref name="after"/> left out): consecutive messages while no subscriber is in two of them, each
    /// subscriber's part at the position of its message, so that what it holds says exactly which messages it applied,
    /// however a reader grouped them; the last round reaches the batch's own position (messages without a CDR count as
    /// delivered).
    /// </summary>
    private List<Segment> Segments(CdrBatch batch, long position, bool count, long after)
    {
        if (batch.Positions is not { } positions)
        {
            var accepted = Validate(batch.Cdrs, count);
            return [new(PartitionRouter.Route(partition, position, accepted, network, batch.PublishedUtc), position)];
        }
        // The CDRs not delivered yet, valid, each with its message's position (non-decreasing).
        var now = time.GetUtcNow().UtcDateTime;
        var valid = new List<CallDetailRecord>(batch.Cdrs.Count);
        var at = new List<long>(batch.Cdrs.Count);
        for (var i = 0; i < batch.Cdrs.Count; i++)
        {
            if (positions[i] > after && Accept(batch.Cdrs[i], now, count) is { } cdr)
            {
                valid.Add(cdr);
                at.Add(positions[i]);
            }
        }
        // A new round begins at a message with a subscriber an earlier message of the round has.
        var segments = new List<Segment>(1);
        var inRound = new HashSet<string>(StringComparer.Ordinal);
        var start = 0;
        for (var i = 0; i < valid.Count;)
        {
            var end = i;
            while (end < valid.Count && at[end] == at[i])
            {
                end++;
            }
            if (Touches(valid, i, end, inRound))
            {
                segments.Add(Round(valid, at, start, i, batch.PublishedUtc, at[i - 1]));
                (start, inRound) = (i, new HashSet<string>(StringComparer.Ordinal));
            }
            for (var k = i; k < end; k++)
            {
                inRound.Add(valid[k].Caller);
                if (CdrIntake.ReachesCallee(valid[k], network))
                {
                    inRound.Add(valid[k].Callee);
                }
            }
            i = end;
        }
        segments.Add(Round(valid, at, start, valid.Count, batch.PublishedUtc, Math.Max(position, positions.Count > 0 ? positions[^1] : 0)));
        return segments;
    }

    /// <summary>Whether a CDR of <paramref name="valid"/>[from..to) has a subscriber in <paramref name="inRound"/>.</summary>
    private bool Touches(List<CallDetailRecord> valid, int from, int to, HashSet<string> inRound)
    {
        for (var k = from; k < to; k++)
        {
            if (inRound.Contains(valid[k].Caller) || (CdrIntake.ReachesCallee(valid[k], network) && inRound.Contains(valid[k].Callee)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The round of <paramref name="valid"/>[from..to), each subscriber at its message's position, reaching <paramref name="reaches"/>.</summary>
    private Segment Round(List<CallDetailRecord> valid, List<long> at, int from, int to, DateTime publishedUtc, long reaches)
    {
        var (cdrs, positions) = from == 0 && to == valid.Count ? (valid, at) : (valid.GetRange(from, to - from), at.GetRange(from, to - from));
        return new(PartitionRouter.Route(partition, reaches, cdrs, network, publishedUtc, positions), reaches);
    }

    /// <summary>A checkpoint if anything was given since the last one (the timer's tick).</summary>
    public Task CheckpointIfDueAsync() => pending.IsEmpty ? Task.CompletedTask : CheckpointAsync();

    /// <summary>
    /// Every subscriber given a batch since the last checkpoint writes its state (those holding nothing new write
    /// nothing); one that lost some gets them again from the log and writes then. Only when all have stored what they
    /// were given are those entries acknowledged. A failure (Redis away) is logged and leaves everything for the next try.
    /// </summary>
    public async Task CheckpointAsync()
    {
        if (log is null)
        {
            return;
        }
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
            await log.AcknowledgeAsync(partition, pending.Positions);
            pending.Clear();
            counters.Checkpointed(stored: true);
        }
        catch (Exception error)
        {
            counters.Checkpointed(stored: false);
            LogCheckpointFailed(logger, error, partition, pending.SubscriberCount);
        }
    }

    private void Remember(long position)
    {
        if (position <= 0 || !recent.Add(position))
        {
            return;
        }
        newest = Math.Max(newest, position);
        recentOrder.Enqueue(position);
        if (recentOrder.Count > RecentPositions)
        {
            recent.Remove(recentOrder.Dequeue());
        }
    }

    private List<CallDetailRecord> Validate(IReadOnlyList<CallDetailRecord> cdrs, bool count)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var valid = new List<CallDetailRecord>(cdrs.Count);
        foreach (var cdr in cdrs)
        {
            if (Accept(cdr, now, count) is { } accepted)
            {
                valid.Add(accepted);
            }
        }
        return valid;
    }

    /// <summary>The CDR as the engine keeps it (enriched), or null when it is rejected; <paramref name="count"/>: noted and rejected ones are counted.</summary>
    private CallDetailRecord? Accept(CallDetailRecord cdr, DateTime now, bool count)
    {
        if (CdrIntake.Accept(cdr, now, futureTolerance, out var reason, out var note) is { } accepted)
        {
            if (note is not null && count)
            {
                counters.Noted(note);
            }
            return accepted;
        }
        if (count)
        {
            counters.Rejected(reason!.Code);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                LogRejected(logger, Msisdn.Mask(cdr.Caller ?? ""), reason.ForLog());
            }
        }
        return null;
    }

    /// <summary>
    /// Calls every routed subscriber in parallel and records in <paramref name="given"/> (when there is one) what each
    /// now holds. Returns the subscribers that miss earlier batches, or null. Every call is awaited even when one fails,
    /// and the first failure is rethrown.
    /// </summary>
    private async Task<HashSet<string>?> CallAsync(Dictionary<string, SubscriberBatch> routed, PartitionCheckpoint? given)
    {
        var calls = new ValueTask<ApplyResult>[routed.Count];
        var names = new string[routed.Count];
        var i = 0;
        foreach (var (msisdn, subscriberBatch) in routed)
        {
            var previous = given?.LastGiven(msisdn) ?? 0;
            names[i] = msisdn;
            calls[i++] = subscriber(msisdn).ApplyAsync(previous > 0 ? subscriberBatch with { Previous = previous } : subscriberBatch);
        }
        // Awaited one by one, inline (all were sent above, so they run in parallel): no Task and no delegate per call.
        Exception? failure = null;
        HashSet<string>? missing = null;
        for (i = 0; i < calls.Length; i++)
        {
            try
            {
                switch (await calls[i])
                {
                    case ApplyResult.Applied:
                        given?.Given(names[i], routed[names[i]].Position);
                        break;
                    case ApplyResult.Missing:
                        (missing ??= new HashSet<string>(StringComparer.Ordinal)).Add(names[i]);
                        break;
                }
            }
            catch (Exception error) when (deadLetters is not null && Infrastructure.Storage.UnreadableState.ReasonOf(error) is { } unreadable)
            {
                // A property of that subscriber's data, not of the infrastructure: retrying would stall the partition
                // for ever. Its CDRs become dead letters, its stored bytes stay as they are for repair, the rest goes on.
                await SetAsideAsync(names[i], routed[names[i]], unreadable);
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
    /// Gives the entries still in the log before <paramref name="before"/> again, oldest first: to <paramref name="only"/>
    /// these subscribers, or to every subscriber they route to (and then records them as given). Subscribers skip what
    /// they hold and apply what they lost.
    /// </summary>
    private async Task ReplayAsync(HashSet<string>? only, long before)
    {
        var retained = await log!.ReadRetainedAsync(partition, before);
        if (retained.Count == 0)
        {
            return;
        }
        LogReplay(logger, partition, retained.Count, only is null ? "every subscriber (new activation)" : $"{only.Count} subscribers that lost them");
        foreach (var segment in retained.SelectMany(r => Segments(r.Batch, r.Position, count: false, after: 0)))
        {
            var targets = segment.Routed
                .Where(r => only is null || only.Contains(r.Key))
                .ToDictionary(r => r.Key, r => r.Value with { Replayed = true });
            if (await CallAsync(targets, given: only is null ? pending : null) is { } missing)
            {
                throw new InvalidOperationException($"partition {partition}: a replay from the stream found {missing.Count} subscribers missing batches older than the stream holds");
            }
            if (only is null)
            {
                pending.Delivered(segment.Position);
                Remember(segment.Position);
            }
        }
    }

    private async Task<HashSet<string>?> FlushAsync(IEnumerable<(string Msisdn, long Position)> subscribers)
    {
        HashSet<string>? lost = null;
        Exception? failure = null;
        foreach (var slice in subscribers.Chunk(FlushesInFlight))
        {
            var calls = slice.Select(s => subscriber(s.Msisdn).FlushAsync(partition, s.Position)).ToArray();
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

    private async Task SetAsideAsync(string msisdn, SubscriberBatch batch, string reason)
    {
        var at = time.GetUtcNow().UtcDateTime;
        var letters = batch.Outgoing.Concat(batch.Incoming)
            .Select(cdr => new DeadLetter(partition, msisdn, cdr.Id, Msisdn.MaskAll($"UnreadableState: {reason}"), at)).ToList();
        LogUnreadable(logger, partition, Msisdn.Mask(msisdn), letters.Count);
        await deadLetters!.AddAsync(letters);
    }

    private static void Rethrow(Exception? failure)
    {
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    [LoggerMessage(EventId = 1105, Level = LogLevel.Error, Message = "CDR partition {Partition}: the stored state of subscriber {Msisdn} cannot be read; its {Count} CDRs of this batch are dead letters and the partition goes on ('cdr subscriber reset' starts it afresh)")]
    private static partial void LogUnreadable(ILogger logger, int partition, string msisdn, int count);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Rejected a CDR of {Caller}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string caller, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "CDR partition {Partition}: giving {Count} entries still in the stream again to {Whom}")]
    private static partial void LogReplay(ILogger logger, int partition, int count, string whom);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "CDR partition {Partition}: entry {Position} came after the newer {Newest} without coming before it; subscribers that applied the newer skip it")]
    private static partial void LogLate(ILogger logger, int partition, long position, long newest);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "CDR partition {Partition}: checkpoint of {Subscribers} subscribers not done, tried again later")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception error, int partition, int subscribers);
}
