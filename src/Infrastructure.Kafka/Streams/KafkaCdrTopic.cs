using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace Cdr.Orleans.Infrastructure.Kafka.Streams;

/// <summary>
/// The one class that speaks to Kafka about the CDR topic: it describes the topic, opens a partition's reader, reads a
/// range of offsets again, reads and commits the group's offsets and writes CDRs, every client made from the same
/// settings (<see cref="KafkaFeedOptions.Client"/>). The reader, the partition log, the backlog and the adapter go
/// through it. Calls that wait on the brokers block: callers run them off Orleans' threads.
/// </summary>
public sealed class KafkaCdrTopic : IDisposable
{
    private readonly KafkaFeedOptions options;
    private readonly Lazy<IConsumer<byte[]?, byte[]?>> offsets;
    private readonly Lazy<IProducer<string, string>> producer;

    public KafkaCdrTopic(KafkaFeedOptions options)
    {
        this.options = options;
        // No assignment: it only reads and commits the group's offsets and asks for watermarks.
        offsets = new(() => Consumer(autoCommit: false));
        producer = new(() => new ProducerBuilder<string, string>(options.Client(new ProducerConfig { EnableIdempotence = true, Acks = Acks.All, LingerMs = 5 }))
            .SetLogHandler((_, _) => { })
            .Build());
    }

    public KafkaFeedOptions Options => options;

    /// <summary>The topic's partition count; <see cref="KafkaFeedException"/> saying what is wrong when the brokers cannot be reached in time or have no such topic.</summary>
    public int Partitions()
    {
        var config = options.Client(new AdminClientConfig());
        // Asking about a topic must not make it: brokers that create topics on use would answer with a new, empty one.
        config.Set("allow.auto.create.topics", "false");
        using var admin = new AdminClientBuilder(config)
            .SetLogHandler((_, _) => { }) // a broker that cannot be reached is said once, below
            .Build();
        Metadata metadata;
        try
        {
            metadata = admin.GetMetadata(options.Topic, options.Timeout);
        }
        catch (KafkaException error)
        {
            throw new KafkaFeedException($"Kafka at {options.Brokers} did not describe topic '{options.Topic}' within {options.Timeout.TotalSeconds:0} s " +
                $"({Explain(error.Error)}); is it reachable? ({KafkaFeedOptions.SectionName}:Brokers, --kafka)", error);
        }
        var topic = metadata.Topics.FirstOrDefault(t => t.Topic == options.Topic);
        if (topic is null || topic.Error.Code is ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic || topic.Partitions.Count == 0)
        {
            throw new KafkaFeedException($"the topic '{options.Topic}' does not exist on the Kafka at {options.Brokers}; create it (its partitions are the " +
                $"engine's partitions, e.g. kafka-topics.sh --create --topic {options.Topic} --partitions 32), or give the topic the CDRs are on with --kafka-topic");
        }
        if (topic.Error.Code != ErrorCode.NoError)
        {
            throw new KafkaFeedException($"Kafka at {options.Brokers} cannot give topic '{options.Topic}': {Explain(topic.Error)}");
        }
        return topic.Partitions.Count;
    }

    /// <summary>
    /// Waits until the brokers describe the topic, telling <paramref name="log"/> why and when it tries again (like a silo
    /// started before its Redis); a topic the brokers do not have throws <see cref="KafkaFeedException"/> at once.
    /// </summary>
    public async Task WaitAsync(Action<string> log, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await Task.Run(Partitions, cancellationToken);
                return;
            }
            catch (KafkaFeedException error) when (error.InnerException is KafkaException)
            {
                log($"{error.Message}; trying again in {delay.TotalSeconds:0} s");
            }
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromSeconds(Math.Min(15, delay.TotalSeconds * 2));
        }
    }

    /// <summary>
    /// A reader of <paramref name="partition"/> from the group's committed offset (the topic's start when the group has
    /// none). With <paramref name="commitAsStored"/>, offsets it stores are committed every few seconds.
    /// </summary>
    public IConsumer<byte[]?, byte[]?> OpenReader(int partition, bool commitAsStored, Action<Error> onError)
    {
        var reader = new ConsumerBuilder<byte[]?, byte[]?>(options.Client(new ConsumerConfig
        {
            GroupId = options.Group,
            EnableAutoCommit = commitAsStored,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = false,
        }))
            .SetErrorHandler((_, error) => onError(error))
            .SetLogHandler((_, _) => { }) // errors come through the handler above
            .Build();
        reader.Assign(new TopicPartitionOffset(TopicPartitionOf(partition), Offset.Stored));
        return reader;
    }

    /// <summary>Where the group is in each partition and where each ends: the next offset to read (the start when none is committed) and the end.</summary>
    public IReadOnlyList<(int Partition, long Next, long End)> Progress(IEnumerable<int> partitions)
    {
        var committed = offsets.Value.Committed([.. partitions.Select(TopicPartitionOf)], options.Timeout);
        var progress = new List<(int, long, long)>(committed.Count);
        foreach (var offset in committed)
        {
            var marks = offsets.Value.QueryWatermarkOffsets(offset.TopicPartition, options.Timeout);
            var next = offset.Offset == Offset.Unset ? marks.Low.Value : Math.Max(offset.Offset.Value, marks.Low.Value);
            progress.Add((offset.Partition.Value, next, marks.High.Value));
        }
        return progress;
    }

    /// <summary>
    /// The messages of <paramref name="partition"/> from the group's next offset up to (not including)
    /// <paramref name="until"/>, or to the partition's end if that comes first; <see cref="KafkaFeedException"/> when
    /// they do not all come within the timeout.
    /// </summary>
    public List<ConsumeResult<byte[]?, byte[]?>> ReadUncommitted(int partition, long until)
    {
        var (_, from, end) = Progress([partition])[0];
        until = Math.Min(until, end);
        var read = new List<ConsumeResult<byte[]?, byte[]?>>();
        if (from >= until)
        {
            return read;
        }
        using var reader = Consumer(autoCommit: false);
        reader.Assign(new TopicPartitionOffset(TopicPartitionOf(partition), new Offset(from)));
        var deadline = DateTime.UtcNow + options.Timeout;
        while (read.Count == 0 || read[^1].Offset.Value < until - 1)
        {
            var left = deadline - DateTime.UtcNow;
            if ((left > TimeSpan.Zero ? reader.Consume(left) : null) is not { } message)
            {
                throw new KafkaFeedException($"Kafka topic {options.Topic} partition {partition}: offsets {from} to {until - 1} were not read again within {options.Timeout.TotalSeconds:0} s");
            }
            if (message.Offset.Value >= until)
            {
                break;
            }
            read.Add(message);
        }
        return read;
    }

    /// <summary>Commits <paramref name="next"/> as the group's next offset to read in <paramref name="partition"/> (waits for the coordinator).</summary>
    public void Commit(int partition, long next) =>
        offsets.Value.Commit([new TopicPartitionOffset(TopicPartitionOf(partition), new Offset(next))]);

    /// <summary>Writes one message to <paramref name="partition"/>, keyed by <paramref name="key"/>.</summary>
    public Task ProduceAsync(int partition, string key, string value) =>
        producer.Value.ProduceAsync(TopicPartitionOf(partition), new Message<string, string> { Key = key, Value = value });

    /// <summary>librdkafka's error as a few words.</summary>
    public static string Explain(Error error) => error.Code switch
    {
        ErrorCode.Local_Transport or ErrorCode.Local_AllBrokersDown => "no broker answers there",
        ErrorCode.Local_TimedOut => "no answer in time",
        ErrorCode.TopicAuthorizationFailed or ErrorCode.GroupAuthorizationFailed or ErrorCode.SaslAuthenticationFailed => $"refused: {error.Reason}",
        _ => $"{error.Reason} ({error.Code})",
    };

    private TopicPartition TopicPartitionOf(int partition) => new(options.Topic, new Partition(partition));

    private IConsumer<byte[]?, byte[]?> Consumer(bool autoCommit) =>
        new ConsumerBuilder<byte[]?, byte[]?>(options.Client(new ConsumerConfig
        {
            GroupId = options.Group,
            EnableAutoCommit = autoCommit,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        })).SetLogHandler((_, _) => { }).Build();

    public void Dispose()
    {
        if (offsets.IsValueCreated)
        {
            offsets.Value.Dispose();
        }
        if (producer.IsValueCreated)
        {
            producer.Value.Flush(TimeSpan.FromSeconds(5));
            producer.Value.Dispose();
        }
    }
}

/// <summary>The CDR feed cannot start or go on: the message says what is wrong and what would fix it.</summary>
public sealed class KafkaFeedException(string message, Exception? inner = null) : Exception(message, inner);
