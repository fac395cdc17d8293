namespace Cdr.Orleans.Contracts.Stats;

/// <summary>
/// The CDR stream's backlog as a silo reads it, for <c>stats</c>, the console's overview and the metrics.
/// <see cref="Transport"/> says where the stream is: <c>redis</c> (durable mode: a stream per partition, named from
/// <see cref="Name"/>), or <c>kafka</c> (a feed: the topic <see cref="Name"/>, whose backlog per partition is what it
/// holds beyond the group's committed offset, read or not, so its pending is 0). <see cref="DeadLetters"/>: the
/// dead-letter stream's length in Redis (0 without Redis). <see cref="Unavailable"/>: why it could not be read now
/// (the partitions are then empty).
/// </summary>
[GenerateSerializer, Immutable, Alias("stream-backlog.v1")]
public sealed record StreamBacklogReport(
    [property: Id(0)] string Transport,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<PartitionBacklogReport> Partitions,
    [property: Id(3)] long DeadLetters,
    [property: Id(4)] string? Unavailable = null)
{
    public const string Redis = "redis";
    public const string Kafka = "kafka";

    /// <summary>Read and not yet stored by its subscribers.</summary>
    public long Pending => Partitions.Sum(p => p.Pending);

    public long NotYetRead => Partitions.Sum(p => p.NotYetRead ?? 0);
}

/// <summary>One partition's backlog: read and not yet stored, not yet read (null when unknown), and what it holds.</summary>
[GenerateSerializer, Immutable, Alias("partition-backlog.v1")]
public sealed record PartitionBacklogReport(
    [property: Id(0)] int Partition,
    [property: Id(1)] long Pending,
    [property: Id(2)] long? NotYetRead,
    [property: Id(3)] long Entries);
