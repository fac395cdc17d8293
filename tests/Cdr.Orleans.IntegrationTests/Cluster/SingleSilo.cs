using Cdr.Orleans.Cluster;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>An in-process cluster of one silo wired by AddCdrEngine with the given settings, for tests that stop and start it.</summary>
internal static class SingleSilo
{
    public const int Partitions = 4;

    /// <summary>
    /// Starts it. A fixed <paramref name="serviceId"/> lets a second cluster find the first one's state (storage keys
    /// include it; the test cluster makes a new one each time otherwise).
    /// </summary>
    /// <param name="silo">More wiring of the silo, e.g. a logger that a test reads.</param>
    public static async Task<InProcessTestCluster> StartAsync(IDictionary<string, string?> settings, string? serviceId = null, Action<ISiloBuilder>? silo = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["Cdr:Stream:Partitions"] = Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cdr:Stream:MemoryQueues"] = "2",
        }).Build();
        var cluster = configuration.GetSection(CdrClusterOptions.SectionName).Get<CdrClusterOptions>() ?? new CdrClusterOptions();
        var builder = new InProcessTestClusterBuilder(1);
        if (serviceId is not null)
        {
            builder.Options.ServiceId = serviceId;
        }
        builder.ConfigureSilo((_, siloBuilder) =>
        {
            siloBuilder.AddCdrEngine(configuration);
            silo?.Invoke(siloBuilder);
        });
        builder.ConfigureClient(client => client.AddCdrStream(configuration, cluster, new CdrStreamOptions { Partitions = Partitions, MemoryQueues = 2 }));
        var started = builder.Build();
        await started.DeployAsync();
        return started;
    }
}
