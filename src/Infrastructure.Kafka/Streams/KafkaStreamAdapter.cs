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
    string name, KafkaCdrTopic topic, int partitions, bool acknowledgeOnDelivery, Func<IReadOnlyList<DeadLetter>, ValueTask> deadLetters,
    TimeProvider time, ILoggerFactory loggers) : IQueueAdapter
{
    public string Name => name;

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        var partition = int.Parse(streamId.GetKeyAsString(), System.Globalization.CultureInfo.InvariantCulture) % partitions;
        var sends = new List<Task>();
        foreach (var batch in events.OfType<CdrBatch>())
        {
            foreach (var cdr in batch.Cdrs)
            {
                sends.Add(topic.ProduceAsync(partition, cdr.Caller, CdrCsv.Format(cdr)));
            }
        }
        try
        {
            await Task.WhenAll(sends);
        }
        catch (ProduceException<string, string> error)
        {
            throw new KafkaFeedException($"Kafka at {topic.Options.Brokers} did not take CDRs for topic {topic.Options.Topic} partition {partition}: {KafkaCdrTopic.Explain(error.Error)}", error);
        }
    }

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) =>
        new KafkaStreamReceiver(topic, PartitionQueueMapper.PartitionOf(queueId), acknowledgeOnDelivery, deadLetters, time, loggers.CreateLogger<KafkaStreamReceiver>());
}
