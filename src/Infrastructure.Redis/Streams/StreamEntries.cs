using StackExchange.Redis;

namespace Cdr.Orleans.Infrastructure.Redis.Streams;

/// <summary>
/// Partition stream entries: letting them go (the one way the reader, its dead letters and the partitions' checkpoints
/// do it), and reading the reply of an XREADGROUP run in a script.
/// </summary>
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

    /// <summary>
    /// The entries of one stream from an XREADGROUP reply returned by a script: nil when there is nothing, else
    /// [[stream, [[id, [field, value, ...]], ...]]]. An entry deleted while pending comes with no fields.
    /// </summary>
    public static StreamEntry[] FromReadReply(RedisResult reply)
    {
        if (reply.IsNull || reply.Length == 0)
        {
            return [];
        }
        var entries = (RedisResult[])reply[0][1]!;
        var read = new StreamEntry[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            var fields = entry[1].IsNull ? [] : (RedisResult[])entry[1]!;
            var values = new NameValueEntry[fields.Length / 2];
            for (var f = 0; f < values.Length; f++)
            {
                values[f] = new NameValueEntry((RedisValue)fields[2 * f], (RedisValue)fields[2 * f + 1]);
            }
            read[i] = new StreamEntry((RedisValue)entry[0], values);
        }
        return read;
    }
}
