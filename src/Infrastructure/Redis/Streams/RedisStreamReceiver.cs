using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;
using StackExchange.Redis;

namespace Cdr.Orleans.Infrastructure.Redis.Streams;

/// <summary>
/// Reads one partition's Redis stream for the pulling agent that owns it. First everything earlier readers left
/// unacknowledged (a dead silo's, or the previous owner's), then new entries; every
/// <see cref="RedisStreamOptions.ClaimIdle"/> it also claims entries left unacknowledged that long since. An entry
/// that cannot be decoded goes to the dead-letter stream and is acknowledged; the partition keeps going.
/// </summary>
public sealed partial class RedisStreamReceiver(
    RedisStreamOptions options, int partition, IDatabase database, bool acknowledgeOnDelivery, Serializer serializer, ILogger logger) : IQueueAdapterReceiver
{
    private readonly RedisKey key = options.KeyOf(partition);
    private readonly string consumer = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private readonly List<RedisValue> unacknowledged = [];
    private bool takingOver = true;
    private RedisValue takeoverCursor = "0-0";
    private bool recoveringOwn;
    private RedisValue ownCursor = "0-0";
    private DateTime nextClaim = DateTime.MaxValue;

    public async Task Initialize(TimeSpan timeout)
    {
        try
        {
            await database.StreamCreateConsumerGroupAsync(key, options.Group, StackExchange.Redis.StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // The group exists: another silo, or an earlier life of this one, made it.
        }
    }

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
    {
        try
        {
            return await ReadAsync(maxCount);
        }
        catch
        {
            // A read that failed may have run in Redis all the same (the reply was lost as the connection dropped): its
            // entries are pending under this reader, and no one would ever deliver them. Before any new entry, this
            // reader goes through its own pending entries again; those already applied are skipped by position.
            (recoveringOwn, ownCursor) = (true, "0-0");
            throw;
        }
    }

    private async Task<IList<IBatchContainer>> ReadAsync(int maxCount)
    {
        await AcknowledgeAsync(); // any left over from a moment without Redis
        var count = Math.Max(1, Math.Min(maxCount, options.ReadCount));
        if (recoveringOwn && !takingOver)
        {
            var own = await database.StreamReadGroupAsync(key, options.Group, consumer, ownCursor, count);
            if (own.Length == 0)
            {
                recoveringOwn = false;
                return [];
            }
            ownCursor = own[^1].Id;
            LogRecovered(logger, own.Length, partition);
            return await DecodeAsync(own);
        }
        if (takingOver)
        {
            // This silo just got the partition: everything its previous reader left unacknowledged comes first, oldest
            // first, before any new entry. Subscribers skip positions at or below the last they applied, so an old entry
            // delivered after a newer one would be lost; delivered first, it is applied (or skipped if it was).
            var claimed = await database.StreamAutoClaimAsync(key, options.Group, consumer, 0, takeoverCursor, count);
            takeoverCursor = claimed.NextStartId;
            if (takeoverCursor == "0-0")
            {
                // One pass over the pending list is the take-over; another would claim this reader's own entries again
                // (with checkpoints they stay pending after delivery until the partition acknowledges them).
                takingOver = false;
                nextClaim = DateTime.UtcNow + options.ClaimIdle;
            }
            if (claimed.ClaimedEntries.Length > 0)
            {
                LogClaimed(logger, claimed.ClaimedEntries.Length, partition);
                return await DecodeAsync(claimed.ClaimedEntries);
            }
            return [];
        }
        if (DateTime.UtcNow >= nextClaim)
        {
            // Entries another reader took after the take-over and then abandoned (a reader that went on for a moment
            // after its partition moved): claimed once idle for ClaimIdle. Never this reader's own: those are in
            // delivery here, and delivering them again after newer ones would make subscribers skip them.
            nextClaim = DateTime.UtcNow + options.ClaimIdle / 2;
            var pending = await database.StreamPendingMessagesAsync(key, options.Group, count, RedisValue.Null);
            var abandoned = pending
                .Where(p => p.ConsumerName != consumer && p.IdleTimeInMilliseconds >= options.ClaimIdle.TotalMilliseconds)
                .Select(p => p.MessageId)
                .ToArray();
            if (abandoned.Length > 0)
            {
                var late = await database.StreamClaimAsync(key, options.Group, consumer, (long)options.ClaimIdle.TotalMilliseconds, abandoned);
                LogClaimed(logger, late.Length, partition);
                return await DecodeAsync(late);
            }
        }
        var entries = await database.StreamReadGroupAsync(key, options.Group, consumer, StackExchange.Redis.StreamPosition.NewMessages, count);
        return await DecodeAsync(entries);
    }

    public async Task MessagesDeliveredAsync(IList<IBatchContainer> messages)
    {
        if (messages.Count == 0 || !acknowledgeOnDelivery)
        {
            return; // with checkpoints, the partition acknowledges once its subscribers have stored what they applied
        }
        unacknowledged.AddRange(messages.OfType<RedisBatchContainer>().Select(m => (RedisValue)RedisBatchContainer.EntryIdOf(m.Token.SequenceNumber)));
        await AcknowledgeAsync();
    }

    /// <summary>
    /// Acknowledges and deletes what was delivered (Redis memory holds only what is not yet applied). When Redis is
    /// away, the ids are kept and acknowledged on a later read: an entry applied but never acknowledged would stay
    /// pending under this reader for ever, since a reader never claims its own entries.
    /// </summary>
    private async Task AcknowledgeAsync()
    {
        if (unacknowledged.Count == 0)
        {
            return;
        }
        var ids = unacknowledged.ToArray();
        try
        {
            await StreamEntries.AcknowledgeAndDeleteAsync(database, key, options.Group, ids);
            unacknowledged.RemoveRange(0, ids.Length);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogAckDeferred(logger, ex, ids.Length, partition);
        }
    }

    public Task Shutdown(TimeSpan timeout) => Task.CompletedTask;

    private async Task<IList<IBatchContainer>> DecodeAsync(StreamEntry[] entries)
    {
        var batches = new List<IBatchContainer>(entries.Length);
        foreach (var entry in entries)
        {
            if (entry.IsNull || entry.Values is null || entry.Values.Length == 0)
            {
                // Deleted while still pending (its acknowledgement failed after its deletion): nothing left to deliver.
                await database.StreamAcknowledgeAsync(key, options.Group, entry.Id);
                continue;
            }
            try
            {
                var bytes = (byte[]?)entry[RedisStreamAdapter.Field] ?? throw new FormatException($"the entry has no '{RedisStreamAdapter.Field}' field");
                var container = serializer.Deserialize<RedisBatchContainer>(bytes) ?? throw new FormatException("the entry decodes to nothing");
                container.Token = new EventSequenceTokenV2(RedisBatchContainer.PositionOf(entry.Id!));
                batches.Add(container);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await DeadLetterAsync(entry, ex);
            }
        }
        return batches;
    }

    private async Task DeadLetterAsync(StreamEntry entry, Exception error)
    {
        var reason = error.Message;
        LogDeadLetter(logger, error, partition, entry.Id.ToString());
        await database.StreamAddAsync(options.DeadLetterKey,
        [
            new NameValueEntry("partition", partition),
            new NameValueEntry("position", entry.Id),
            new NameValueEntry("reason", reason),
            new NameValueEntry("entry", string.Join(" ", entry.Values.Select(v => $"{v.Name}={Preview(v.Value)}"))),
        ]);
        await StreamEntries.AcknowledgeAndDeleteAsync(database, key, options.Group, [entry.Id]);
    }

    private static string Preview(RedisValue value)
    {
        var text = value.ToString() ?? "";
        return text.Length <= 200 ? text : text[..200] + "...";
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning, Message = "Took over {Count} unacknowledged entries of CDR partition {Partition} (their reader stopped)")]
    private static partial void LogClaimed(ILogger logger, int count, int partition);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Went through {Count} of its own unacknowledged entries of CDR partition {Partition} again after a failed read")]
    private static partial void LogRecovered(ILogger logger, int count, int partition);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Could not acknowledge {Count} applied entries of CDR partition {Partition} yet; trying again")]
    private static partial void LogAckDeferred(ILogger logger, Exception error, int count, int partition);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error, Message = "CDR partition {Partition}: entry {Position} cannot be read; moved to the dead-letter stream")]
    private static partial void LogDeadLetter(ILogger logger, Exception error, int partition, string position);
}
