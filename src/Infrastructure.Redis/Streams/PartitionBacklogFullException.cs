namespace Cdr.Orleans.Infrastructure.Redis.Streams;

/// <summary>
/// A publish refused because the partition's stream already holds <see cref="RedisStreamOptions.MaxBacklog"/> entries
/// (the engine does not keep up, or cannot acknowledge: see <c>stats</c>): the publisher waits and tries again instead
/// of growing Redis for ever. An <see cref="InvalidOperationException"/>, as a full memory queue is.
/// </summary>
public sealed class PartitionBacklogFullException(int partition, long entries, int bound)
    : InvalidOperationException($"CDR partition {partition} holds {entries:N0} entries not yet applied and acknowledged, the most " +
        $"{RedisStreamOptions.SectionName}:MaxBacklog ({bound:N0}) allows; the engine is behind or cannot acknowledge (see 'cdr stats'), so " +
        "publishing waits until it catches up")
{
    public int Partition { get; } = partition;
}
