using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;
using Orleans.Serialization;
using StackExchange.Redis;

namespace Cdr.Orleans.Infrastructure.Redis.Streams;

/// <summary><see cref="IPartitionLog"/> on the partition streams of <see cref="RedisStreamAdapter"/>: XRANGE to read back, XACK + XDEL to let go.</summary>
public sealed class RedisPartitionLog(RedisStreamOptions options, IConnectionMultiplexer redis, Serializer serializer) : IPartitionLog
{
    private const int Page = 256;

    public async Task<IReadOnlyList<(long Position, CdrBatch Batch)>> ReadRetainedAsync(int partition, long before)
    {
        var database = redis.GetDatabase();
        var key = options.KeyOf(partition);
        var end = "(" + RedisBatchContainer.EntryIdOf(before); // exclusive
        var retained = new List<(long, CdrBatch)>();
        RedisValue start = "-";
        while (true)
        {
            var entries = await database.StreamRangeAsync(key, start, end, Page);
            foreach (var entry in entries)
            {
                if (Decode(entry) is { } container)
                {
                    var position = RedisBatchContainer.PositionOf(entry.Id!);
                    retained.AddRange(container.Events.OfType<CdrBatch>().Select(batch => (position, batch)));
                }
            }
            if (entries.Length < Page)
            {
                return retained;
            }
            start = "(" + entries[^1].Id;
        }
    }

    public async Task AcknowledgeAsync(int partition, IReadOnlyCollection<long> positions)
    {
        if (positions.Count == 0)
        {
            return;
        }
        var ids = positions.Distinct().Select(p => (RedisValue)RedisBatchContainer.EntryIdOf(p)).ToArray();
        await StreamEntries.AcknowledgeAndDeleteAsync(redis.GetDatabase(), options.KeyOf(partition), options.Group, ids);
    }

    private RedisBatchContainer? Decode(StreamEntry entry)
    {
        try
        {
            return (byte[]?)entry[RedisStreamAdapter.Field] is { } bytes ? serializer.Deserialize<RedisBatchContainer>(bytes) : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }
}
