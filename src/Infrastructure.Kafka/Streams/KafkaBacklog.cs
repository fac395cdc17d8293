using Confluent.Kafka;

namespace Cdr.Orleans.Infrastructure.Kafka.Streams;

/// <summary>
/// How far the engine is behind in the CDR topic, per partition: the end of the partition less the group's committed
/// offset (what the metrics' stream backlog and the console's overview show for a Kafka feed).
/// </summary>
public sealed class KafkaBacklog(KafkaFeedOptions options) : IDisposable
{
    private readonly Lazy<IConsumer<byte[]?, byte[]?>> consumer = new(() => new ConsumerBuilder<byte[]?, byte[]?>(options.Client(new ConsumerConfig
    {
        GroupId = options.Group,
        EnableAutoCommit = false,
    })).SetLogHandler((_, _) => { }).Build());

    /// <summary>A reading this recent is given again rather than asking the brokers (the console asks every second).</summary>
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim reading = new(1, 1);
    private int partitions;
    private (DateTime At, IReadOnlyList<(int, long)> Behind)? last;

    /// <summary>Each partition's messages not yet committed; a <see cref="KafkaException"/> when the brokers cannot say.</summary>
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
            partitions = KafkaTopic.Partitions(options);
        }
        var topicPartitions = Enumerable.Range(0, partitions).Select(p => new TopicPartition(options.Topic, new Partition(p))).ToList();
        var committed = consumer.Value.Committed(topicPartitions, options.Timeout);
        var behind = new List<(int, long)>(partitions);
        foreach (var offset in committed)
        {
            var marks = consumer.Value.QueryWatermarkOffsets(offset.TopicPartition, options.Timeout);
            var from = offset.Offset == Offset.Unset ? marks.Low.Value : offset.Offset.Value;
            behind.Add((offset.Partition.Value, Math.Max(0, marks.High.Value - from)));
        }
        return behind;
    }

    public void Dispose()
    {
        if (consumer.IsValueCreated)
        {
            consumer.Value.Dispose();
        }
        reading.Dispose();
    }
}
