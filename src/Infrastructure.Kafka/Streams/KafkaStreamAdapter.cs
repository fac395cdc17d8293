using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain.Files;
using Cdr.Orleans.Infrastructure.Streams;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Cdr.Orleans.Infrastructure.Kafka.Streams;

/// <summary>
/// The CDR stream on a Kafka topic. Reading: one receiver per partition (<see cref="KafkaStreamReceiver"/>). Writing
/// (the silo's own demo load, the bench): each CDR as a line of the engine's CSV, keyed by its caller, to the partition
/// the engine's publisher chose, so that what this project writes reads back as what a mediation system writes.
/// </summary>
public sealed class KafkaStreamAdapter(
    string name, KafkaFeedOptions options, int partitions, bool acknowledgeOnDelivery, Func<IReadOnlyList<DeadLetter>, ValueTask> deadLetters,
    TimeProvider time, ILoggerFactory loggers, Lazy<IProducer<string, string>> producer) : IQueueAdapter
{
    public string Name => name;

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        var partition = new Partition(int.Parse(streamId.GetKeyAsString(), System.Globalization.CultureInfo.InvariantCulture) % partitions);
        var topicPartition = new TopicPartition(options.Topic, partition);
        var sends = new List<Task>();
        foreach (var batch in events.OfType<CdrBatch>())
        {
            foreach (var cdr in batch.Cdrs)
            {
                sends.Add(producer.Value.ProduceAsync(topicPartition, new Message<string, string> { Key = cdr.Caller, Value = CdrCsv.Format(cdr) }));
            }
        }
        try
        {
            await Task.WhenAll(sends);
        }
        catch (ProduceException<string, string> error)
        {
            throw new KafkaFeedException($"Kafka at {options.Brokers} did not take CDRs for topic {options.Topic} partition {partition.Value}: {KafkaTopic.Explain(error.Error)}", error);
        }
    }

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) =>
        new KafkaStreamReceiver(options, PartitionQueueMapper.PartitionOf(queueId), acknowledgeOnDelivery, deadLetters, time, loggers.CreateLogger<KafkaStreamReceiver>());
}
