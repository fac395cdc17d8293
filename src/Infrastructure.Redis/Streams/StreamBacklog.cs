namespace Cdr.Orleans.Infrastructure.Redis.Streams;

/// <summary>The durable stream's backlog per partition and the dead letters: what <c>stats</c> shows in durable mode.</summary>
public sealed record StreamBacklog(IReadOnlyList<PartitionBacklog> Partitions, long DeadLetters)
{
    public long Pending => Partitions.Sum(p => p.Pending);

    public long NotYetRead => Partitions.Sum(p => p.NotYetRead ?? 0);
}
