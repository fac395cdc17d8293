using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Infrastructure.Redis.Streams;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Streams;
using StackExchange.Redis;

namespace Cdr.Orleans.Infrastructure.Redis.Hosting;

/// <summary>Wires the CDR stream on Redis Streams (<see cref="RedisStreamAdapterFactory"/>) into a silo or a client.</summary>
public static class RedisStreamsBuilderExtensions
{
    /// <summary>
    /// The CDR stream (<see cref="CdrStreamOptions.ProviderName"/>) on Redis Streams, read by the silo's pulling agents,
    /// and its <see cref="IPartitionLog"/> for checkpoints. With <paramref name="checkpoints"/> an entry stays until the
    /// partition's checkpoint acknowledges it; without, once delivered.
    /// </summary>
    public static ISiloBuilder AddCdrRedisStreams(this ISiloBuilder silo, ConfigurationOptions redis, CdrStreamOptions stream, RedisStreamOptions options,
        bool checkpoints, Action<StreamPullingAgentOptions> pullingAgent)
    {
        silo.Services.AddSingleton<IPartitionLog>(sp => new RedisPartitionLog(
            options, sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<global::Orleans.Serialization.Serializer>()));
        return silo.AddPersistentStreams(CdrStreamOptions.ProviderName,
            (sp, name) => RedisStreamAdapterFactory.Create(sp, name, redis, stream, options, acknowledgeOnDelivery: !checkpoints),
            configurator =>
            {
                configurator.ConfigurePullingAgent(agent => agent.Configure(pullingAgent));
                // Partitions have implicit subscribers only. With the default pubsub, a pulling agent that took over a
                // dead silo's partition asked the pubsub grain (itself on the dead silo) for consumers, failed, and
                // let that partition's batches go as delivered (seen in the kill -9 test).
                configurator.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            });
    }

    /// <summary>The CDR stream on Redis Streams as a publisher (a console, the generator) sees it.</summary>
    public static IClientBuilder AddCdrRedisStreams(this IClientBuilder client, ConfigurationOptions redis, CdrStreamOptions stream, RedisStreamOptions options) =>
        client.AddPersistentStreams(CdrStreamOptions.ProviderName,
            (sp, name) => RedisStreamAdapterFactory.Create(sp, name, redis, stream, options, acknowledgeOnDelivery: true), // a client only publishes
            configurator => configurator.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly));
}
