using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Infrastructure.Streams;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Cdr.Orleans.Infrastructure.Kafka.Streams;

/// <summary>
/// Orleans persistent streams on a Kafka topic: one Orleans queue per partition of the topic (so the pulling agents
/// spread the topic's partitions over the silos), and that partition is the engine's partition.
/// </summary>
public sealed class KafkaStreamAdapterFactory : IQueueAdapterFactory, IDisposable
{
    private readonly string providerName;
    private readonly KafkaFeedOptions options;
    private readonly bool acknowledgeOnDelivery;
    private readonly Func<IReadOnlyList<DeadLetter>, ValueTask> deadLetters;
    private readonly TimeProvider time;
    private readonly ILoggerFactory loggers;
    private readonly PartitionQueueMapper mapper;
    private readonly SimpleQueueAdapterCache cache;
    private readonly Lazy<IProducer<string, string>> producer;

    /// <param name="partitions">The topic's partitions (<see cref="KafkaTopic.Partitions"/>).</param>
    /// <param name="acknowledgeOnDelivery">
    /// True: a batch's offsets are committed once it is delivered (its subscribers stored it, or keep it in memory). False:
    /// the partition's checkpoint commits them through <see cref="KafkaPartitionLog"/>.
    /// </param>
    public KafkaStreamAdapterFactory(string providerName, KafkaFeedOptions options, int partitions, bool acknowledgeOnDelivery,
        Func<IReadOnlyList<DeadLetter>, ValueTask> deadLetters, TimeProvider time, ILoggerFactory loggers)
    {
        (this.providerName, this.options, this.acknowledgeOnDelivery, this.deadLetters, this.time, this.loggers) =
            (providerName, options, acknowledgeOnDelivery, deadLetters, time, loggers);
        Partitions = partitions;
        mapper = new PartitionQueueMapper(providerName, partitions);
        cache = new SimpleQueueAdapterCache(new SimpleQueueCacheOptions { CacheSize = 4096 }, providerName, loggers);
        producer = new(() => new ProducerBuilder<string, string>(options.Client(new ProducerConfig { EnableIdempotence = true, Acks = Acks.All, LingerMs = 5 }))
            .SetLogHandler((_, _) => { })
            .Build());
    }

    /// <summary>The topic's partitions: the engine's partitions while it reads this topic.</summary>
    public int Partitions { get; }

    /// <summary>A factory for the topic of <paramref name="options"/>, which must exist (<see cref="KafkaFeedException"/> says otherwise).</summary>
    public static KafkaStreamAdapterFactory Create(IServiceProvider services, string name, KafkaFeedOptions options, bool acknowledgeOnDelivery,
        Func<IReadOnlyList<DeadLetter>, ValueTask> deadLetters) =>
        new(name, options, KafkaTopic.Partitions(options), acknowledgeOnDelivery, deadLetters,
            services.GetService<TimeProvider>() ?? TimeProvider.System, services.GetRequiredService<ILoggerFactory>());

    public Task<IQueueAdapter> CreateAdapter() =>
        Task.FromResult<IQueueAdapter>(new KafkaStreamAdapter(providerName, options, Partitions, acknowledgeOnDelivery, deadLetters, time, loggers, producer));

    public IQueueAdapterCache GetQueueAdapterCache() => cache;

    public IStreamQueueMapper GetStreamQueueMapper() => mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());

    public void Dispose()
    {
        if (producer.IsValueCreated)
        {
            producer.Value.Flush(TimeSpan.FromSeconds(5));
            producer.Value.Dispose();
        }
    }
}
