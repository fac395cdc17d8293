using Cdr.Orleans.Infrastructure.Streams;
using Cdr.Orleans.Contracts.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;
using StackExchange.Redis;

namespace Cdr.Orleans.Infrastructure.Redis.Streams;

/// <summary>
/// Orleans persistent streams on Redis Streams: one Redis stream per CDR partition, one Orleans queue per partition
/// (so the pulling agents spread partitions over the silos), XADD to publish, XREADGROUP to read, XACK and XDEL once
/// delivered, XAUTOCLAIM to take over what a dead silo had read.
/// </summary>
public sealed class RedisStreamAdapterFactory(
    string providerName,
    RedisStreamOptions options,
    int partitions,
    ConfigurationOptions redis,
    bool acknowledgeOnDelivery,
    Serializer serializer,
    ILoggerFactory loggers) : IQueueAdapterFactory
{
    private readonly Lazy<Task<ConnectionMultiplexer>> connection = new(() => ConnectionMultiplexer.ConnectAsync(redis));
    private readonly PartitionQueueMapper mapper = new(providerName, partitions);
    private readonly SimpleQueueAdapterCache cache = new(new SimpleQueueCacheOptions { CacheSize = 4096 }, providerName, loggers);

    /// <param name="acknowledgeOnDelivery">
    /// True: an entry is acknowledged and deleted once delivered (its subscribers stored it before returning). False: it
    /// stays until the partition's checkpoint acknowledges it through <see cref="RedisPartitionLog"/>.
    /// </param>
    public static RedisStreamAdapterFactory Create(IServiceProvider services, string name, ConfigurationOptions redis, CdrStreamOptions stream, RedisStreamOptions options, bool acknowledgeOnDelivery) =>
        new(name, options, stream.Partitions, redis, acknowledgeOnDelivery, services.GetRequiredService<Serializer>(), services.GetRequiredService<ILoggerFactory>());

    public async Task<IQueueAdapter> CreateAdapter() =>
        new RedisStreamAdapter(providerName, options, mapper, (await connection.Value).GetDatabase(), acknowledgeOnDelivery, serializer, loggers.CreateLogger<RedisStreamAdapter>());

    public IQueueAdapterCache GetQueueAdapterCache() => cache;

    public IStreamQueueMapper GetStreamQueueMapper() => mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());
}
