using StackExchange.Redis;

namespace Cdr.Orleans.Infrastructure.Redis.Streams;

/// <summary>Letting go of partition stream entries: the one way the reader, its dead letters and the partitions' checkpoints do it.</summary>
public static class StreamEntries
{
    /// <summary>
    /// Acknowledges the entries in the consumer group and deletes them from the stream (Redis keeps only what is not yet
    /// stored), as one pipelined round trip.
    /// </summary>
    public static async Task AcknowledgeAndDeleteAsync(IDatabase database, RedisKey key, string group, RedisValue[] ids)
    {
        var batch = database.CreateBatch();
        var ack = batch.StreamAcknowledgeAsync(key, group, ids);
        var delete = batch.StreamDeleteAsync(key, ids);
        batch.Execute();
        await Task.WhenAll(ack, delete);
    }
}
