using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Infrastructure.Streams;
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
/// <param name="partitions">The topic's partitions (<see cref="KafkaCdrTopic.Partitions"/>).</param>
/// <param name="acknowledgeOnDelivery">
/// True: a batch's offsets are committed once it is delivered (its subscribers stored it, or keep it in memory). False:
/// the partition's checkpoint commits them through <see cref="KafkaPartitionLog"/>.
/// </param>
public sealed class KafkaStreamAdapterFactory(
    string providerName, KafkaCdrTopic topic, int partitions, bool acknowledgeOnDelivery,
    Func<IReadOnlyList<DeadLetter>, ValueTask> deadLetters, TimeProvider time, ILoggerFactory loggers) : IQueueAdapterFactory
{
    private readonly PartitionQueueMapper mapper = new(providerName, partitions);
    private readonly SimpleQueueAdapterCache cache = new(new SimpleQueueCacheOptions { CacheSize = 4096 }, providerName, loggers);

    /// <summary>The topic's partitions: the engine's partitions while it reads this topic.</summary>
    public int Partitions => partitions;

    /// <summary>A factory for the silo's <see cref="KafkaCdrTopic"/>, which must exist (<see cref="KafkaFeedException"/> says otherwise).</summary>
    public static KafkaStreamAdapterFactory Create(IServiceProvider services, string name, bool acknowledgeOnDelivery, Func<IReadOnlyList<DeadLetter>, ValueTask> deadLetters)
    {
        var topic = services.GetRequiredService<KafkaCdrTopic>();
        return new(name, topic, topic.Partitions(), acknowledgeOnDelivery, deadLetters,
            services.GetService<TimeProvider>() ?? TimeProvider.System, services.GetRequiredService<ILoggerFactory>());
    }

    public Task<IQueueAdapter> CreateAdapter() =>
        Task.FromResult<IQueueAdapter>(new KafkaStreamAdapter(providerName, topic, partitions, acknowledgeOnDelivery, deadLetters, time, loggers));

    public IQueueAdapterCache GetQueueAdapterCache() => cache;

    public IStreamQueueMapper GetStreamQueueMapper() => mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());
}
