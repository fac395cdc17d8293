using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Cdr.Orleans.Infrastructure.Kafka.Streams;

/// <summary>
/// Reads one partition of the CDR topic for the pulling agent that owns it, from the group's committed offset on. Each
/// read takes what the client has fetched (never waiting on the brokers: it runs on the agent's turn) as one batch.
/// A record that is not a CDR becomes a dead letter naming its topic, partition and offset, and the partition goes on.
/// <para>
/// Offsets: with checkpoints, the partition commits them through <see cref="KafkaPartitionLog"/> once its subscribers
/// have stored what they applied; without (embedded mode), each delivered batch's offset is stored here and committed
/// by the client every few seconds. Two readers of one partition for a moment (the silos' queue balancers disagree
/// while one joins or leaves) both deliver to the one partition grain, which leaves out what it already delivered.
/// </para>
/// </summary>
public sealed partial class KafkaStreamReceiver(
    KafkaCdrTopic topic, int partition, bool acknowledgeOnDelivery, Func<IReadOnlyList<DeadLetter>, ValueTask> deadLetters, TimeProvider time, ILogger logger)
    : IQueueAdapterReceiver
{
    private readonly KafkaFeedOptions options = topic.Options;
    private readonly TopicPartition topicPartition = new(topic.Options.Topic, new Partition(partition));
    private IConsumer<byte[]?, byte[]?>? consumer;
    private string? lastError;

    public Task Initialize(TimeSpan timeout)
    {
        // From the committed offset (the start of the topic when the group has none): what was read and not yet
        // committed is read again, and partitions and subscribers skip what they hold. Without checkpoints, what this
        // reader stores as delivered is committed every few seconds; with them, the partition log commits.
        consumer = topic.OpenReader(partition, commitAsStored: acknowledgeOnDelivery, Report);
        return Task.CompletedTask;
    }

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
    {
        if (consumer is null)
        {
            return [];
        }
        var read = new List<ConsumeResult<byte[]?, byte[]?>>();
        while (read.Count < options.ReadCount)
        {
            ConsumeResult<byte[]?, byte[]?>? result;
            try
            {
                result = consumer.Consume(TimeSpan.Zero);
            }
            catch (ConsumeException error)
            {
                Report(error.Error);
                break;
            }
            if (result is null)
            {
                break;
            }
            if (!result.IsPartitionEOF)
            {
                read.Add(result);
            }
        }
        if (read.Count == 0)
        {
            return [];
        }
        lastError = null;
        var (batch, position, letters) = KafkaCdrBatches.From(partition, read, time.GetUtcNow().UtcDateTime);
        if (letters.Count > 0)
        {
            foreach (var letter in letters)
            {
                LogNotCdr(logger, letter.CdrId, letter.Reason);
            }
            try
            {
                await deadLetters(letters);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The messages are read: failing here would lose the batch's CDRs with them. The log line above stays.
                LogDeadLettersLost(logger, error, letters.Count, options.Topic, partition);
            }
        }
        // Even a batch of dead letters alone goes to its partition: its offsets are then committed with the rest.
        return
        [
            new KafkaBatchContainer
            {
                StreamId = StreamId.Create(CdrStreamOptions.Namespace, partition.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Batch = batch,
                Token = new EventSequenceTokenV2(position),
            },
        ];
    }

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages)
    {
        if (acknowledgeOnDelivery && consumer is not null && messages.Count > 0)
        {
            var last = messages.Max(m => m.SequenceToken.SequenceNumber);
            try
            {
                consumer.StoreOffset(new TopicPartitionOffset(topicPartition, new Offset(KafkaCdrBatches.OffsetAfter(last))));
            }
            catch (KafkaException error)
            {
                Report(error.Error); // the partition was taken from this reader; its next one reads from the committed offset
            }
        }
        return Task.CompletedTask;
    }

    public async Task Shutdown(TimeSpan timeout)
    {
        if (consumer is { } closing)
        {
            consumer = null;
            // Close commits what was stored (embedded mode) and may wait on the brokers: not on the agent's turn.
            await Task.Run(() =>
            {
                try
                {
                    closing.Close();
                }
                catch (KafkaException error)
                {
                    Report(error.Error);
                }
                finally
                {
                    closing.Dispose();
                }
            });
        }
    }

    /// <summary>Logs an error of the brokers or the client once, until reads succeed again.</summary>
    private void Report(Error error)
    {
        var text = KafkaCdrTopic.Explain(error);
        if (text != lastError)
        {
            lastError = text;
            LogKafkaError(logger, options.Topic, partition, options.Brokers!, text);
        }
    }

    [LoggerMessage(EventId = 2300, Level = LogLevel.Warning, Message = "Kafka topic {Topic} partition {Partition} at {Brokers}: {Error}; reading again when it can")]
    private static partial void LogKafkaError(ILogger logger, string topic, int partition, string brokers, string error);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Error, Message = "{Count} dead letters of Kafka topic {Topic} partition {Partition} could not be recorded; the partition goes on")]
    private static partial void LogDeadLettersLost(ILogger logger, Exception error, int count, string topic, int partition);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Error, Message = "Record {Record} is set aside as a dead letter (stats, the history's dead_letters) and its partition goes on: {Reason}")]
    private static partial void LogNotCdr(ILogger logger, string record, string reason);
}
