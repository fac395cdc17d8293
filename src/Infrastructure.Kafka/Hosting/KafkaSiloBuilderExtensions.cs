using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Infrastructure.Kafka.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Streams;

namespace Cdr.Orleans.Infrastructure.Kafka.Hosting;

/// <summary>Wires the Kafka providers into a silo.</summary>
public static class KafkaSiloBuilderExtensions
{
    /// <summary>
    /// The CDR stream (<see cref="CdrStreamOptions.ProviderName"/>) read from the Kafka topic of <paramref name="options"/>.
    /// With <paramref name="checkpoints"/>, the partitions commit offsets at their checkpoints (and replay from the
    /// committed offset) through the <see cref="IPartitionLog"/> registered here; without, each delivered batch is committed.
    /// Records that are not CDRs go to <paramref name="deadLetters"/>.
    /// </summary>
    public static ISiloBuilder AddCdrKafkaFeed(this ISiloBuilder silo, KafkaFeedOptions options, bool checkpoints,
        Func<IServiceProvider, Func<IReadOnlyList<DeadLetter>, ValueTask>> deadLetters, Action<StreamPullingAgentOptions> pullingAgent)
    {
        silo.Services.AddSingleton(_ => new KafkaCdrTopic(options)); // every command on the topic goes through it
        silo.Services.AddSingleton(sp => new KafkaBacklog(sp.GetRequiredService<KafkaCdrTopic>()));
        if (checkpoints)
        {
            silo.Services.RemoveAll<IPartitionLog>();
            silo.Services.AddSingleton<IPartitionLog>(sp => new KafkaPartitionLog(sp.GetRequiredService<KafkaCdrTopic>()));
        }
        return silo.AddPersistentStreams(CdrStreamOptions.ProviderName,
            (sp, name) => KafkaStreamAdapterFactory.Create(sp, name, acknowledgeOnDelivery: !checkpoints, deadLetters(sp)),
            configurator =>
            {
                configurator.ConfigurePullingAgent(agent => agent.Configure(pullingAgent));
                // Partitions have implicit subscribers only (a pubsub grain on a dead silo would stall a taken-over partition).
                configurator.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            });
    }
}
