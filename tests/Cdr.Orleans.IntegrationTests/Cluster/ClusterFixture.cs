using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>One in-process cluster of two silos, wired by the same AddCdrEngine as the real silo, shared by a collection.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string Collection = "cluster";

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public CdrStreamOptions Streams { get; } = new() { Partitions = 16, MemoryQueues = 4, BatchSize = 64 };

    /// <summary>Where the cluster's "push" offers are delivered, by signed webhook.</summary>
    public Delivery.OfferReceiver PushReceiver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        PushReceiver = await Delivery.OfferReceiver.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cdr:Engine:StatsInterval"] = "00:00:00.2",
            ["Cdr:Stream:Partitions"] = "16",
            ["Cdr:Stream:MemoryQueues"] = "4",
            ["Cdr:Delivery:Channels:push:Kind"] = "Webhook",
            ["Cdr:Delivery:Channels:push:Url"] = PushReceiver.Url.ToString(),
            ["Cdr:Delivery:Channels:push:Secret"] = Delivery.OfferReceiver.Secret,
        }).Build();
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) => silo.AddCdrEngine(configuration));
        builder.ConfigureClient(client => client.AddMemoryStreams(CdrStreamOptions.ProviderName, m => m.ConfigurePartitioning(Streams.MemoryQueues)));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await PushReceiver.DisposeAsync();
    }

    public Task<ClusterStats> StatsAsync() => Client.GetGrain<IStatsGrain>(0).GetAsync();

    /// <summary>Publishes the CDRs on the cluster's stream and waits until the cluster has applied that many more.</summary>
    public async Task PublishAndWaitAsync(IReadOnlyList<Contracts.Cdrs.CallDetailRecord> cdrs, string? expected = null)
    {
        var before = (await StatsAsync()).CdrsApplied;
        var publisher = new Generator.Publishing.CdrPublisher(Client.GetStreamProvider(CdrStreamOptions.ProviderName), Streams);
        foreach (var cdr in cdrs)
        {
            await publisher.PublishAsync(cdr);
        }
        await publisher.FlushAsync();
        await UntilAsync(s => s.CdrsApplied >= before + cdrs.Count, expected ?? $"{cdrs.Count} CDRs applied");
    }

    /// <summary>Waits until <paramref name="condition"/> holds, or fails with <paramref name="expected"/> and the last stats.</summary>
    public Task UntilAsync(Func<ClusterStats, bool> condition, string expected, TimeSpan? timeout = null)
    {
        ClusterStats? stats = null;
        return Eventually.UntilAsync(
            async () => condition(stats = await StatsAsync()),
            () => $"{expected}; last stats: applied {stats?.CdrsApplied}, rejected {stats?.Rejected} " +
                $"({string.Join(", ", stats?.RejectedByReason.Select(r => $"{r.Key} {r.Value}") ?? [])})",
            timeout ?? TimeSpan.FromSeconds(60));
    }
}

[CollectionDefinition(ClusterFixture.Collection)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>;
