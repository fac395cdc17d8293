using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;

namespace Cdr.Orleans.Infrastructure.Kafka.Streams;

/// <summary>
/// <see cref="IPartitionLog"/> on the CDR topic: what is retained is what the group has not committed (read again from
/// the committed offset), and acknowledging commits the offset after the newest position, once the partition's
/// checkpoint has stored every subscriber it fed. Kafka keeps the messages; the commit only says where the engine is.
/// </summary>
public sealed class KafkaPartitionLog(KafkaCdrTopic topic) : IPartitionLog
{
    /// <summary>Messages per batch given again: each subscriber still takes each message at its own position.</summary>
    public const int ReplayBatch = 512;

    public Task<IReadOnlyList<(long Position, CdrBatch Batch)>> ReadRetainedAsync(int partition, long before) => Task.Run(() =>
    {
        // Positions below before are the offsets below the one after it, less one.
        var messages = topic.ReadUncommitted(partition, until: KafkaCdrBatches.OffsetAfter(before) - 1);
        // Records that are not CDRs were made dead letters when first read: here they are only left out.
        return (IReadOnlyList<(long, CdrBatch)>)[.. messages.Chunk(ReplayBatch).Select(page =>
        {
            var (batch, position, _) = KafkaCdrBatches.From(partition, page, DateTime.UtcNow);
            return (position, batch);
        })];
    });

    /// <summary>Commits the offset after the newest of <paramref name="positions"/> (it waits for the group coordinator, so not on the grain's turn).</summary>
    public Task AcknowledgeAsync(int partition, IReadOnlyCollection<long> positions) =>
        positions.Count == 0 ? Task.CompletedTask : Task.Run(() => topic.Commit(partition, KafkaCdrBatches.OffsetAfter(positions.Max())));
}
