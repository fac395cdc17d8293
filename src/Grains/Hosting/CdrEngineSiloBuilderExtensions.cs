using Cdr.Orleans.Infrastructure.Redis.Hosting;
using Cdr.Orleans.Cluster;
using Cdr.Orleans.Contracts.Segments;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Cdrs;
using Microsoft.Extensions.Logging;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Contracts;
using Cdr.Orleans.Grains.Campaigns;
using Cdr.Orleans.Grains.Stats;
using Cdr.Orleans.Grains.Storage;
using Cdr.Orleans.Grains.Subscribers;
using Cdr.Orleans.Infrastructure.Hosting;
using Cdr.Orleans.Infrastructure.Kafka.Hosting;
using Cdr.Orleans.Infrastructure.Redis.Offers;
using Cdr.Orleans.Infrastructure.Redis.Storage;
using Cdr.Orleans.Infrastructure.Redis.Streams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Persistence;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using StackExchange.Redis;

namespace Cdr.Orleans.Grains.Hosting;

/// <summary>Wires the CDR engine into a silo: options, counters, campaigns, grain storage and the CDR stream provider.</summary>
public static class CdrEngineSiloBuilderExtensions
{
    /// <summary>The pubsub store that Orleans persistent streams use for explicit subscriptions.</summary>
    public const string PubSubStore = "PubSubStore";

    /// <summary>
    /// Embedded mode (in-memory grain storage) or, with <c>Cdr:Cluster:Redis</c>, durable mode (grain state in Redis);
    /// Orleans memory streams carry the CDRs in both for now. Clustering is the host's choice.
    /// </summary>
    public static ISiloBuilder AddCdrEngine(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        // Read once for the wiring below; services read the same sections through IOptions<T>.
        var engine = configuration.ReadSettings<EngineOptions>(EngineOptions.SectionName, o => o.Validate());
        var stream = configuration.ReadSettings<CdrStreamOptions>(CdrStreamOptions.SectionName, o => o.Validate());
        var propensity = configuration.ReadSettings<Propensity.PropensityOptions>(Propensity.PropensityOptions.SectionName, o => o.Validate()); // a bad value stops the start, saying what is accepted
        var cluster = CdrClusterOptions.From(configuration);
        services.AddSettings<EngineOptions>(configuration, EngineOptions.SectionName, o => o.Validate());
        services.AddSettings<CdrStreamOptions>(configuration, CdrStreamOptions.SectionName, o => o.Validate());

        // The resident set is bounded: idle subscribers leave memory, and under memory pressure the longest-idle grains go.
        silo.Configure<GrainCollectionOptions>(o =>
        {
            o.ClassSpecificCollectionAge[typeof(Subscribers.SubscriberGrain).FullName!] = engine.SubscriberIdle;
            // Idle grains are looked for once a quantum (a minute by default): often enough for a short idle time too.
            o.CollectionQuantum = TimeSpan.FromTicks(Math.Min(o.CollectionQuantum.Ticks, engine.SubscriberIdle.Ticks / 2));
            o.EnableActivationSheddingOnMemoryPressure = engine.MemoryLimitPercent > 0;
            if (engine.MemoryLimitPercent > 0)
            {
                (o.MemoryUsageLimitPercentage, o.MemoryUsageTargetPercentage) = (engine.MemoryLimitPercent, engine.MemoryTargetPercent);
            }
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<Telemetry.EngineInstruments>();
        services.AddSingleton<EngineCounters>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EngineOptions>>().Value.HomeNetwork());
        services.AddHostedService<StatsReporter>();

        // Each partition's delivery protocol; it acknowledges and replays through the partition log when subscribers
        // write at checkpoints.
        services.AddSingleton(sp => new Partitions.PartitionDeliveries(
            sp.GetRequiredService<IOptions<EngineOptions>>(),
            sp.GetRequiredService<HomeNetwork>(),
            sp.GetRequiredService<EngineCounters>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Partitions.PartitionDelivery>>(),
            sp.GetRequiredService<DeadLetterOutbox>(),
            sp.GetRequiredService<StateWritePolicy>().Checkpoints ? sp.GetRequiredService<IPartitionLog>() : null));

        // The number directory: each silo's copy refreshed from the directory grain (loaded from DirectoryFile at start).
        services.AddSingleton<Callees.NumberDirectory>();
        services.AddHostedService<Callees.DirectoryRefresher>();

        // History for later analysis: each silo's rows as hourly Parquet files under the data directory (docs/history.md).
        services.AddSettings<Infrastructure.History.HistoryOptions>(configuration, Infrastructure.History.HistoryOptions.SectionName, o => o.Validate());
        var history = configuration.ReadSettings<Infrastructure.History.HistoryOptions>(Infrastructure.History.HistoryOptions.SectionName, o => o.Validate());
        services.AddSingleton(sp => new Infrastructure.History.HistoryWriter(history, engine.DataDirectory,
            sp.GetRequiredService<ILocalSiloDetails>().SiloAddress.Endpoint.ToString(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Infrastructure.History.HistoryWriter>>()));
        services.AddHostedService<History.HistoryRecorder>();

        // Live call volume: counted per thread in each silo, sent to the traffic grain once a second.
        services.AddSingleton(sp => new Traffic.TrafficRecorder(sp.GetRequiredService<IOptions<EngineOptions>>().Value.Analytics));
        services.AddHostedService<Traffic.TrafficFlusher>();

        // Campaigns: a compiled catalog per silo kept fresh by polling the registry; offers batched to the sink.
        services.AddSingleton<CampaignCounters>();
        services.AddSingleton<CampaignCatalog>();
        services.AddHostedService<CampaignCatalogRefresher>();
        services.TryAddSingleton<IOfferSink, OfferLogSink>();
        services.TryAddSingleton<Contracts.Responses.IOfferResponseStore, Responses.OfferLogResponseStore>();
        services.AddSingleton<GrainOfferBudget>();
        services.AddSingleton<CampaignDecider>();
        // Delivery: the sent offers through their channels, each status to the offer log. Embedded: from this silo's
        // outbox once stored. Durable: from the offer stream, so that another silo sends what a dead one left.
        services.AddSingleton(sp =>
        {
            var history = sp.GetRequiredService<Infrastructure.History.HistoryWriter>();
            Action<IReadOnlyList<OfferDecision>> send = cluster.Durable ? _ => { } : sp.GetRequiredService<Delivery.OfferDispatcher>().Enqueue;
            return new OfferOutbox(sp.GetRequiredService<IOfferSink>(), decisions =>
            {
                history.AddDecisions(decisions);
                send(decisions);
            }, sp.GetRequiredService<ILogger<OfferOutbox>>());
        });
        services.AddHostedService(sp => sp.GetRequiredService<OfferOutbox>());
        services.AddSettings<Delivery.DeliveryOptions>(configuration, Delivery.DeliveryOptions.SectionName, o => o.Validate());
        services.AddSingleton<Delivery.DeliveryReporter>();
        services.AddHostedService(sp => sp.GetRequiredService<Delivery.DeliveryReporter>());
        services.AddSingleton(sp => new Delivery.OfferDispatcher(
            Delivery.DeliveryRoutes.From(sp.GetRequiredService<IOptions<Delivery.DeliveryOptions>>().Value,
                cluster.Durable ? null : sp.GetRequiredService<IOptions<EngineOptions>>().Value.DataDirectory, sp.GetRequiredService<TimeProvider>()),
            cluster.Durable ? d => sp.GetRequiredService<Delivery.RedisDeliveryFeeder>().Observe(d) : sp.GetRequiredService<Delivery.DeliveryReporter>().Report,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<Delivery.OfferDispatcher>>()));
        services.AddHostedService(sp => sp.GetRequiredService<Delivery.OfferDispatcher>());
        services.AddSettings<Propensity.PropensityOptions>(configuration, Propensity.PropensityOptions.SectionName, o => o.Validate());
        services.AddSingleton<Propensity.ExampleOutbox>();
        services.AddHostedService(sp => sp.GetRequiredService<Propensity.ExampleOutbox>());
        services.AddSingleton<Propensity.ModelCatalog>();
        services.AddHostedService<Propensity.ModelCatalogRefresher>();

        // What every subscriber grain takes from its silo, in one object; where it sets aside a CDR it cannot apply.
        services.AddSingleton<DeadLetterOutbox>();
        services.AddSingleton<SubscriberSilo>();

        var stateWrites = cluster.Durable && configuration[$"{EngineOptions.SectionName}:{nameof(EngineOptions.StateWrites)}"] is null
            ? StateWriteMode.Checkpoint // durable mode's default
            : engine.StateWrites;
        var redisStreams = cluster.Durable ? RedisStreamOptions.From(configuration) : null;
        if (redisStreams is not null)
        {
            AddRedisStorage(silo, cluster.RedisOptions(), stateWrites);
        }
        else
        {
            AddEmbeddedStorage(silo, engine);
        }

        var kafka = Infrastructure.Kafka.Streams.KafkaFeedOptions.From(configuration);
        if (redisStreams is not null)
        {
            var redis = cluster.RedisOptions();
            // Offers: to a Redis stream (durable, each id once), and to the log the console tails.
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
            // Offers are remembered for the response window at least, so that a response finds its decision.
            services.Replace(ServiceDescriptor.Singleton<IOfferSink>(sp => new CompositeOfferSink(
                new RedisOfferSink(sp.GetRequiredService<IConnectionMultiplexer>(), redisStreams, propensity.ResponseWindow, sp.GetRequiredService<ILogger<RedisOfferSink>>()),
                new OfferLogSink(sp.GetRequiredService<IGrainFactory>()))));
            // Responses: in Redis beside the offers (they survive a restart), then shown in the log.
            services.Replace(ServiceDescriptor.Singleton<Contracts.Responses.IOfferResponseStore>(sp => new Responses.CompositeResponseStore(
                new RedisOfferResponses(sp.GetRequiredService<IConnectionMultiplexer>(), redisStreams, sp.GetRequiredService<ILogger<RedisOfferResponses>>()),
                new Responses.OfferLogResponseStore(sp.GetRequiredService<IGrainFactory>()))));
            services.AddSingleton(sp => new RedisOfferQueue(sp.GetRequiredService<IConnectionMultiplexer>(), redisStreams,
                $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}"));
            services.AddSingleton(sp => new Delivery.RedisDeliveryFeeder(sp.GetRequiredService<RedisOfferQueue>(),
                sp.GetRequiredService<Delivery.OfferDispatcher>, sp.GetRequiredService<Delivery.DeliveryReporter>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<Delivery.RedisDeliveryFeeder>>()));
            services.AddHostedService(sp => sp.GetRequiredService<Delivery.RedisDeliveryFeeder>());
            services.AddSingleton<IDeadLetterSink>(sp => new RedisDeadLetterSink(
                sp.GetRequiredService<IConnectionMultiplexer>(), redisStreams, sp.GetRequiredService<ILogger<RedisDeadLetterSink>>()));
            if (!kafka.Enabled)
            {
                silo.AddCdrRedisStreams(redis, stream, redisStreams, checkpoints: stateWrites == StateWriteMode.Checkpoint, PullingAgent);
            }
        }
        if (kafka.Enabled)
        {
            // CDRs from the operator's Kafka topic instead of the engine's own stream; state where the mode keeps it.
            silo.AddCdrKafkaFeed(kafka, checkpoints: stateWrites == StateWriteMode.Checkpoint,
                sp => letters => sp.GetRequiredService<DeadLetterOutbox>().AddAsync(letters, logEach: false), PullingAgent);
        }
        else if (redisStreams is null)
        {
            silo.AddMemoryStreams(CdrStreamOptions.ProviderName, memory =>
            {
                memory.ConfigurePartitioning(stream.MemoryQueues);
                memory.ConfigurePullingAgent(agent => agent.Configure(PullingAgent));
            });
        }
        return silo;
    }

    private static void PullingAgent(StreamPullingAgentOptions o)
    {
        // Poll often: an idle queue costs one cheap call per period, and the period bounds latency.
        o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(20);
        o.BatchContainerBatchSize = 16;
        // Never give a batch up: after MaxEventDeliveryTime (a minute by default) the agent skips a batch it could not
        // deliver, and its CDRs would be lost (in durable mode its entry also stays pending for ever). Retrying, with
        // the agent's backoff, until it is delivered keeps the partition in order and loses nothing.
        o.MaxEventDeliveryTime = TimeSpan.FromDays(7);
    }

    /// <summary>Embedded mode: subscribers and the stream's pubsub in memory; campaigns and budgets in files when a data directory is set.</summary>
    private static void AddEmbeddedStorage(ISiloBuilder silo, EngineOptions engine)
    {
        var services = silo.Services;
        // Binary Orleans serialization for subscriber state: the default storage serializer, JSON, is many times dearer.
        silo.AddMemoryGrainStorage(StorageNames.Subscribers);
        if (engine.StateWrites == StateWriteMode.Checkpoint)
        {
            throw new ArgumentException(
                $"{EngineOptions.SectionName}:StateWrites is Checkpoint, which needs durable mode's Redis stream (--redis); accepted in embedded mode: OnDeactivation, EveryBatch");
        }
        services.AddSingleton(sp => new StateWritePolicy(sp.GetRequiredService<IOptions<EngineOptions>>().Value.StateWrites, InMemoryStorage: true));
        services.AddOptions<MemoryGrainStorageOptions>(StorageNames.Subscribers).Configure<global::Orleans.Serialization.Serializer>(
            (o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        var dataDirectory = engine.DataDirectory;
        var inMemory = string.IsNullOrWhiteSpace(dataDirectory);
        services.AddSingleton(sp => new EngineStoragePolicy(inMemory, sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            silo.AddMemoryGrainStorage(StorageNames.Engine);
        }
        else
        {
            // Campaigns and budgets in files: they survive a restart of an embedded silo.
            var directory = Path.GetFullPath(dataDirectory);
            services.AddGrainStorage(StorageNames.Engine, (sp, _) => new FileGrainStorage(
                directory, new OrleansGrainStorageSerializer(sp.GetRequiredService<global::Orleans.Serialization.Serializer>())));
        }
        silo.AddMemoryGrainStorage(PubSubStore);
        // The roster of known subscribers, for segments: new ones sent to their shard every RosterFlusher.Every.
        services.AddSingleton<Segments.RosterFlusher>();
        services.AddHostedService(sp => sp.GetRequiredService<Segments.RosterFlusher>());
        services.AddSingleton<ISubscriberRoster>(sp => sp.GetRequiredService<Segments.RosterFlusher>());
    }

    /// <summary>
    /// Durable mode: every grain state in Redis, binary-serialized. Subscriber state is written before each batch is
    /// acknowledged unless <c>Cdr:Engine:StateWrites</c> says otherwise.
    /// </summary>
    private static void AddRedisStorage(ISiloBuilder silo, ConfigurationOptions redis, StateWriteMode stateWrites)
    {
        var services = silo.Services;
        // No pubsub store: durable mode's stream has implicit subscribers only.
        // Subscribers: our group-commit storage (many small writes per second, sent together); the engine's few grains
        // (campaign registry, budgets, stats): Orleans' Redis storage. Same key layout and format in both.
        services.AddGrainStorage(StorageNames.Subscribers, (sp, name) => new RedisGroupCommitStorage(
            name,
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            sp.GetRequiredService<IOptions<CdrStreamOptions>>().Value.Partitions,
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<global::Orleans.Serialization.Serializer>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<RedisGroupCommitStorage>>()));
        // The roster of known subscribers, for segments: the stored subscriber states themselves.
        services.AddSingleton<ISubscriberRoster>(sp => new RedisSubscriberRoster(
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId, sp.GetRequiredService<IConnectionMultiplexer>()));
        silo.AddRedisGrainStorage(StorageNames.Engine, o => o.ConfigurationOptions = redis.Clone());
        services.AddOptions<RedisStorageOptions>(StorageNames.Engine).Configure<global::Orleans.Serialization.Serializer>(
            (o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        services.AddSingleton(new StateWritePolicy(stateWrites, InMemoryStorage: false, SkipApplied: true));
        services.AddSingleton(new EngineStoragePolicy(inMemory: false));
    }
}
