using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;
using StackExchange.Redis;

namespace Cdr.Orleans.Infrastructure.Redis.Streams;

/// <summary>
/// Reads one partition's Redis stream for the pulling agent that owns it. First everything earlier readers left
/// unacknowledged (a dead silo's, or the previous owner's), then new entries. An entry that cannot be decoded goes to
/// the dead-letter stream and is acknowledged; the partition keeps going.
/// <para>
/// Subscribers skip positions at or below the last they applied, so an entry delivered after a newer one is lost. Two
/// readers of one partition (the queue balancers of two silos disagree for a moment while one joins or leaves) would
/// each take new entries and deliver them in any order. So reading new entries is fenced: the reader key
/// (<see cref="RedisStreamOptions.ReaderKeyOf"/>) names the one reader that may, and each read checks it and takes the
/// entries in one script. A new reader names itself and then claims everything pending, oldest first, before its
/// first new entry: whatever the previous reader took is delivered again, in order, before anything newer. The name
/// lapses after <see cref="RedisStreamOptions.ClaimIdle"/> without a read, so a reader left alone gets it back.
/// </para>
/// </summary>
public sealed partial class RedisStreamReceiver(
    RedisStreamOptions options, int partition, IDatabase database, bool acknowledgeOnDelivery, Serializer serializer, ILogger logger) : IQueueAdapterReceiver
{
    // KEYS[1]: the stream; KEYS[2]: the reader key. ARGV: this reader, the lease in ms, the group, the count.
    // Returns 0 when another reader holds the partition, 1 when no one does (the caller takes it over), else XREADGROUP's reply.
    private const string ReadNewScript =
        """
        local reader = redis.call('GET', KEYS[2])
        if reader ~= ARGV[1] then
          if reader then return 0 end
          return 1
        end
        redis.call('PEXPIRE', KEYS[2], ARGV[2])
        return redis.call('XREADGROUP', 'GROUP', ARGV[3], ARGV[1], 'COUNT', ARGV[4], 'STREAMS', KEYS[1], '>')
        """;

    private readonly RedisKey key = options.KeyOf(partition);
    private readonly RedisKey readerKey = options.ReaderKeyOf(partition);
    private readonly string consumer = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private readonly List<RedisValue> unacknowledged = [];
    private bool takingOver = true;
    private RedisValue takeoverCursor = "0-0";
    private bool recoveringOwn;
    private RedisValue ownCursor = "0-0";
    private bool fencedOut;

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
            if (takeoverCursor == "0-0")
            {
                // Named first: from here on no other reader takes a new entry, so the pass below sees all it ever took.
                await database.StringSetAsync(readerKey, consumer, options.ClaimIdle);
            }
            // Everything pending comes first, oldest first, before any new entry: an old entry delivered after a newer
            // one would be skipped by subscribers; delivered first, it is applied (or skipped if it was).
            var claimed = await database.StreamAutoClaimAsync(key, options.Group, consumer, 0, takeoverCursor, count);
            takeoverCursor = claimed.NextStartId;
            if (takeoverCursor == "0-0")
            {
                // One pass over the pending list is the take-over; another would claim this reader's own entries again
                // (with checkpoints they stay pending after delivery until the partition acknowledges them).
                takingOver = false;
            }
            if (claimed.ClaimedEntries.Length > 0)
            {
                LogClaimed(logger, claimed.ClaimedEntries.Length, partition);
                return await DecodeAsync(claimed.ClaimedEntries);
            }
            return [];
        }
        var read = await database.ScriptEvaluateAsync(ReadNewScript, [key, readerKey],
            [consumer, (long)options.ClaimIdle.TotalMilliseconds, options.Group, count]);
        if (read.Resp2Type == ResultType.Integer)
        {
            if ((int)read == 1)
            {
                // No reader named (the last one stopped reading for ClaimIdle): this one takes the partition over.
                (takingOver, takeoverCursor, fencedOut) = (true, "0-0", false);
            }
            else if (!fencedOut)
            {
                fencedOut = true;
                LogFencedOut(logger, partition);
            }
            return [];
        }
        fencedOut = false;
        return await DecodeAsync(StreamEntries.FromReadReply(read));
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
        ], maxLength: options.DeadLetterMaxLength, useApproximateMaxLength: true);
        await StreamEntries.AcknowledgeAndDeleteAsync(database, key, options.Group, [entry.Id]);
    }

    private static string Preview(RedisValue value)
    {
        var text = value.ToString() ?? "";
        return text.Length <= 200 ? text : text[..200] + "...";
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning, Message = "Took over {Count} unacknowledged entries of CDR partition {Partition} before reading new ones (a new reader, or a lapsed one)")]
    private static partial void LogClaimed(ILogger logger, int count, int partition);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "CDR partition {Partition}: another silo's reader holds it now; this one reads no new entry")]
    private static partial void LogFencedOut(ILogger logger, int partition);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Went through {Count} of its own unacknowledged entries of CDR partition {Partition} again after a failed read")]
    private static partial void LogRecovered(ILogger logger, int count, int partition);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Could not acknowledge {Count} applied entries of CDR partition {Partition} yet; trying again")]
    private static partial void LogAckDeferred(ILogger logger, Exception error, int count, int partition);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error, Message = "CDR partition {Partition}: entry {Position} cannot be read; moved to the dead-letter stream")]
    private static partial void LogDeadLetter(ILogger logger, Exception error, int partition, string position);
}
