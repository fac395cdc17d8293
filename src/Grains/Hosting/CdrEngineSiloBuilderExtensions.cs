using Cdr.Orleans.Contracts;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Grains.Stats;
using Cdr.Orleans.Grains.Subscribers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;

namespace Cdr.Orleans.Grains.Hosting;

/// <summary>Wires the CDR engine into a silo: options, counters, grain storage and the CDR stream provider.</summary>
public static class CdrEngineSiloBuilderExtensions
{
    /// <summary>The pubsub store that Orleans persistent streams use for explicit subscriptions.</summary>
    public const string PubSubStore = "PubSubStore";

    /// <summary>Embedded mode: in-memory grain storage and Orleans memory streams. Clustering is the host's choice.</summary>
    public static ISiloBuilder AddCdrEngine(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        services.AddOptions<EngineOptions>().Bind(configuration.GetSection(EngineOptions.SectionName));
        services.AddOptions<CdrStreamOptions>().Bind(configuration.GetSection(CdrStreamOptions.SectionName));
        services.AddSingleton<IValidateOptions<EngineOptions>>(new DelegateValidator<EngineOptions>(o => o.Validate()));
        services.AddSingleton<IValidateOptions<CdrStreamOptions>>(new DelegateValidator<CdrStreamOptions>(o => o.Validate()));
        services.AddOptions<EngineOptions>().ValidateOnStart();
        services.AddOptions<CdrStreamOptions>().ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EngineCounters>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EngineOptions>>().Value.HomeNetwork());
        services.AddHostedService<StatsReporter>();

        // Binary Orleans serialization for subscriber state: the default storage serializer is JSON, which cost
        // ~200 us of CPU per write and capped the engine near 9k CDR/s (bench, 100k subscribers).
        silo.AddMemoryGrainStorage(StorageNames.Subscribers);
        services.AddSingleton(sp => new StateWritePolicy(sp.GetRequiredService<IOptions<EngineOptions>>().Value.StateWrites, InMemoryStorage: true));
        services.AddOptions<MemoryGrainStorageOptions>(StorageNames.Subscribers).Configure<global::Orleans.Serialization.Serializer>(
            (o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        silo.AddMemoryGrainStorage(StorageNames.Engine);
        silo.AddMemoryGrainStorage(PubSubStore);

        var stream = configuration.GetSection(CdrStreamOptions.SectionName).Get<CdrStreamOptions>() ?? new CdrStreamOptions();
        silo.AddMemoryStreams(CdrStreamOptions.ProviderName, memory =>
        {
            memory.ConfigurePartitioning(stream.MemoryQueues);
            memory.ConfigurePullingAgent(agent => agent.Configure(o =>
            {
                // Poll often: an idle queue costs one cheap grain call per period, and the period bounds latency.
                o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(20);
                o.BatchContainerBatchSize = 16;
            }));
        });
        return silo;
    }
}
