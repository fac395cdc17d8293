using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;
using Confluent.Kafka;

namespace Cdr.Orleans.Infrastructure.Kafka.Streams;

/// <summary>
/// <see cref="IPartitionLog"/> on the CDR topic: what is retained is what the group has not committed (read again from
/// the committed offset), and acknowledging commits the offset after the newest position, once the partition's
/// checkpoint has stored every subscriber it fed. Kafka keeps the messages; the commit only says where the engine is.
/// </summary>
public sealed class KafkaPartitionLog : IPartitionLog, IDisposable
{
    /// <summary>Messages per batch given again: each subscriber still takes each message at its own position.</summary>
    public const int ReplayBatch = 512;

    private readonly KafkaFeedOptions options;
    private readonly Lazy<IConsumer<byte[]?, byte[]?>> committer;

    public KafkaPartitionLog(KafkaFeedOptions options)
    {
        this.options = options;
        committer = new(() => Consumer());
    }

    public Task<IReadOnlyList<(long Position, CdrBatch Batch)>> ReadRetainedAsync(int partition, long before) => Task.Run(() =>
    {
        var topicPartition = new TopicPartition(options.Topic, new Partition(partition));
        using var reader = Consumer();
        var next = reader.Committed([topicPartition], options.Timeout)[0].Offset;
        var marks = reader.QueryWatermarkOffsets(topicPartition, options.Timeout);
        var from = next == Offset.Unset ? marks.Low.Value : Math.Max(next.Value, marks.Low.Value);
        var until = Math.Min(KafkaCdrBatches.OffsetAfter(before) - 1, marks.High.Value); // positions below before: the offsets below this
        var retained = new List<(long, CdrBatch)>();
        if (from >= until)
        {
            return (IReadOnlyList<(long, CdrBatch)>)retained;
        }
        reader.Assign(new TopicPartitionOffset(topicPartition, new Offset(from)));
        var deadline = DateTime.UtcNow + options.Timeout;
        var page = new List<ConsumeResult<byte[]?, byte[]?>>(ReplayBatch);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var result = left > TimeSpan.Zero ? reader.Consume(left) : null;
            if (result is null)
            {
                throw new KafkaFeedException($"Kafka topic {options.Topic} partition {partition}: offsets {from} to {until - 1} were not read again within {options.Timeout.TotalSeconds:0} s");
            }
            if (result.Offset.Value >= until)
            {
                break;
            }
            page.Add(result);
            if (page.Count == ReplayBatch || result.Offset.Value == until - 1)
            {
                // Records that are not CDRs were made dead letters when first read: here they are only left out.
                var (batch, position, _) = KafkaCdrBatches.From(partition, page, DateTime.UtcNow);
                retained.Add((position, batch));
                page = new List<ConsumeResult<byte[]?, byte[]?>>(ReplayBatch);
                if (result.Offset.Value == until - 1)
                {
                    break;
                }
            }
        }
        if (page.Count > 0)
        {
            var (batch, position, _) = KafkaCdrBatches.From(partition, page, DateTime.UtcNow);
            retained.Add((position, batch));
        }
        return retained;
    });

    public Task AcknowledgeAsync(int partition, IReadOnlyCollection<long> positions)
    {
        if (positions.Count == 0)
        {
            return Task.CompletedTask;
        }
        var next = new TopicPartitionOffset(options.Topic, new Partition(partition), new Offset(KafkaCdrBatches.OffsetAfter(positions.Max())));
        // A synchronous commit: it waits for the group coordinator, so not on the partition grain's turn.
        return Task.Run(() => committer.Value.Commit([next]));
    }

    private IConsumer<byte[]?, byte[]?> Consumer() =>
        new ConsumerBuilder<byte[]?, byte[]?>(options.Client(new ConsumerConfig
        {
            GroupId = options.Group,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        })).SetLogHandler((_, _) => { }).Build();

    public void Dispose()
    {
        if (committer.IsValueCreated)
        {
            committer.Value.Dispose();
        }
    }
}
