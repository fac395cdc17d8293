namespace Cdr.Orleans.Infrastructure.Kafka.Streams;

/// <summary>
/// How far the engine is behind in the CDR topic, per partition: the end of the partition less the group's committed
/// offset (what the metrics' stream backlog and the console's overview show for a Kafka feed).
/// </summary>
public sealed class KafkaBacklog(KafkaCdrTopic topic) : IDisposable
{
    /// <summary>A reading this recent is given again rather than asking the brokers (the console asks every second).</summary>
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim reading = new(1, 1);

    /// <summary>The topic the feed reads.</summary>
    public string Topic => topic.Options.Topic;
    private int partitions;
    private (DateTime At, IReadOnlyList<(int, long)> Behind)? last;

    /// <summary>Each partition's messages not yet committed; a <see cref="Confluent.Kafka.KafkaException"/> or <see cref="KafkaFeedException"/> when the brokers cannot say.</summary>
    public async Task<IReadOnlyList<(int Partition, long Behind)>> ReadAsync(CancellationToken cancellationToken)
    {
        await reading.WaitAsync(cancellationToken);
        try
        {
            if (last is { } known && DateTime.UtcNow - known.At < Fresh)
            {
                return known.Behind;
            }
            var behind = await Task.Run(Read, cancellationToken);
            last = (DateTime.UtcNow, behind);
            return behind;
        }
        finally
        {
            reading.Release();
        }
    }

    private IReadOnlyList<(int, long)> Read()
    {
        if (partitions == 0)
        {
            partitions = topic.Partitions();
        }
        return [.. topic.Progress(Enumerable.Range(0, partitions)).Select(p => (p.Partition, Math.Max(0, p.End - p.Next)))];
    }

    public void Dispose() => reading.Dispose();
}
