using Cdr.Orleans.Infrastructure.Redis.Hosting;
using Cdr.Orleans.Infrastructure.Hosting;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Infrastructure.Redis.Streams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Cdr.Orleans.Cluster;

/// <summary>Wires a cluster client (the console, the generator) to a CDR engine cluster: by its gateways in embedded mode, by Redis membership in durable mode.</summary>
public static class CdrClientBuilderExtensions
{
    public static IClientBuilder AddCdrClusterClient(this IClientBuilder client, IConfiguration configuration, int connectAttempts = 3)
    {
        var cluster = CdrClusterOptions.From(configuration);
        var stream = configuration.ReadSettings<CdrStreamOptions>(CdrStreamOptions.SectionName, o => o.Validate());

        if (cluster.Durable)
        {
            client.UseRedisClustering(o => o.ConfigurationOptions = cluster.RedisOptions());
        }
        else
        {
            client.UseStaticClustering([.. cluster.GatewayEndpoints()]);
        }
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        var attempts = 0;
        client.UseConnectionRetryFilter(async (_, cancellationToken) =>
        {
            if (++attempts >= connectAttempts)
            {
                return false;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        });
        AddCdrStream(client, configuration, cluster, stream);
        return client;
    }

    /// <summary>The CDR stream as a publisher sees it: Redis Streams in durable mode, the silos' memory queues in embedded mode.</summary>
    public static IClientBuilder AddCdrStream(this IClientBuilder client, IConfiguration configuration, CdrClusterOptions cluster, CdrStreamOptions stream)
    {
        if (!cluster.Durable)
        {
            return client.AddMemoryStreams(CdrStreamOptions.ProviderName, memory => memory.ConfigurePartitioning(stream.MemoryQueues));
        }
        return client.AddCdrRedisStreams(cluster.RedisOptions(), stream, RedisStreamOptions.From(configuration));
    }
}
