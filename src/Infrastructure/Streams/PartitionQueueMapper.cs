using System.Globalization;
using Orleans.Streams;

namespace Cdr.Orleans.Infrastructure.Streams;

/// <summary>Partition p (the CDR stream's key) is queue p: the pulling agent that owns queue p reads partition p where it is kept (a Redis stream, a Kafka partition).</summary>
public sealed class PartitionQueueMapper : IConsistentRingStreamQueueMapper
{
    private readonly QueueId[] queues;

    public PartitionQueueMapper(string providerName, int partitions)
    {
        // Hashes spread evenly over the ring, so the consistent-ring balancer gives each silo a fair share.
        var step = uint.MaxValue / (uint)partitions;
        queues = [.. Enumerable.Range(0, partitions).Select(p => QueueId.GetQueueId(providerName, (uint)p, (uint)p * step))];
    }

    public IEnumerable<QueueId> GetAllQueues() => queues;

    /// <summary>The queues whose hash falls in a silo's share of the ring (the default consistent-ring balancer asks).</summary>
    public IEnumerable<QueueId> GetQueuesForRange(global::Orleans.Runtime.IRingRange range) =>
        queues.Where(q => range.InRange(q.GetUniformHashCode()));

    public QueueId GetQueueForStream(StreamId streamId)
    {
        var key = streamId.GetKeyAsString();
        if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var partition) || partition >= queues.Length)
        {
            throw new ArgumentException($"stream key '{key}' is not a CDR partition 0..{queues.Length - 1}");
        }
        return queues[partition];
    }

    public static int PartitionOf(QueueId queue) => (int)queue.GetNumericId();
}
