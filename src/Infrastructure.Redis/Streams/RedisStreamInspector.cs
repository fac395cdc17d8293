using StackExchange.Redis;

namespace Cdr.Orleans.Infrastructure.Redis.Streams;

/// <summary>Reads XINFO GROUPS and XLEN of every partition stream, and the length of the dead-letter stream.</summary>
public static class RedisStreamInspector
{
    public static async Task<StreamBacklog> ReadAsync(IDatabase database, RedisStreamOptions options, int partitions)
    {
        var reads = Enumerable.Range(0, partitions).Select(async p =>
        {
            var key = options.KeyOf(p);
            var length = await database.StreamLengthAsync(key);
            if (length == 0 && !await database.KeyExistsAsync(key))
            {
                return new PartitionBacklog(p, 0, 0, 0);
            }
            var group = (await database.StreamGroupInfoAsync(key)).FirstOrDefault(g => g.Name == options.Group);
            return group.Name is null
                ? new PartitionBacklog(p, length, 0, length)
                : new PartitionBacklog(p, length, group.PendingMessageCount, group.Lag);
        });
        var partitionsRead = await Task.WhenAll(reads);
        var dead = await database.StreamLengthAsync(options.DeadLetterKey);
        return new StreamBacklog(partitionsRead, dead);
    }
}
