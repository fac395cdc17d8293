using Cdr.Orleans.Contracts.Stats;
using StackExchange.Redis;

namespace Cdr.Orleans.Infrastructure.Redis.Streams;

/// <summary>Reads XINFO GROUPS and XLEN of every partition stream, and the length of the dead-letter stream.</summary>
public static class RedisStreamInspector
{
    public static async Task<StreamBacklogReport> ReadAsync(IDatabase database, RedisStreamOptions options, int partitions)
    {
        var reads = Enumerable.Range(0, partitions).Select(async p =>
        {
            var key = options.KeyOf(p);
            var length = await database.StreamLengthAsync(key);
            if (length == 0 && !await database.KeyExistsAsync(key))
            {
                return new PartitionBacklogReport(p, 0, 0, 0);
            }
            var group = (await database.StreamGroupInfoAsync(key)).FirstOrDefault(g => g.Name == options.Group);
            return group.Name is null
                ? new PartitionBacklogReport(p, 0, length, length)
                : new PartitionBacklogReport(p, group.PendingMessageCount, group.Lag, length);
        });
        var partitionsRead = await Task.WhenAll(reads);
        return new StreamBacklogReport(StreamBacklogReport.Redis, options.KeyPrefix, partitionsRead, await DeadLettersAsync(database, options));
    }

    /// <summary>The dead-letter stream's length.</summary>
    public static Task<long> DeadLettersAsync(IDatabase database, RedisStreamOptions options) => database.StreamLengthAsync(options.DeadLetterKey);
}
