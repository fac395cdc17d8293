using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cdr.Orleans.Infrastructure.Redis;

/// <summary>
/// Makes a write the engine relies on (a CDR batch published, a subscriber state stored, an offer added) wait until the
/// replicas of the master that took it have it too (WAIT), before it counts as done. Redis replicates asynchronously:
/// without this, a master that dies between its reply and its replica's copy takes the write with it, and the replica
/// promoted in its place never had it. A master without replicas (a single server) is not waited on. A replica that
/// does not answer within <see cref="Timeout"/> is logged and the write counts as done: the engine keeps running on
/// the master alone, as Redis does, rather than stopping.
/// </summary>
public sealed partial class RedisReplication(IConnectionMultiplexer redis, ILogger logger)
{
    /// <summary>How long a write waits for its replicas.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    /// <summary>How long a master's count of connected replicas is trusted before it is asked again.</summary>
    private static readonly TimeSpan Recount = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<EndPoint, (int Replicas, long At)> replicas = new();

    /// <summary>Waits until every replica of the master that holds <paramref name="key"/> has what this connection wrote to it.</summary>
    public async Task WaitAsync(RedisKey key)
    {
        var server = redis.GetServer(key);
        var count = await ReplicasOfAsync(server);
        if (count == 0)
        {
            return;
        }
        var acknowledged = (long)await server.ExecuteAsync("WAIT", count, (long)Timeout.TotalMilliseconds);
        if (acknowledged < count)
        {
            LogBehind(logger, EndPointCollection.ToString(server.EndPoint), acknowledged, count, (long)Timeout.TotalMilliseconds);
            replicas.TryRemove(server.EndPoint, out _); // ask again: one may have gone
        }
    }

    private async Task<int> ReplicasOfAsync(IServer server)
    {
        var now = Environment.TickCount64;
        if (replicas.TryGetValue(server.EndPoint, out var known) && now - known.At < Recount.TotalMilliseconds)
        {
            return known.Replicas;
        }
        var count = server.ServerType == ServerType.Cluster ? ClusterReplicasOf(server) : await RoleReplicasOfAsync(server);
        replicas[server.EndPoint] = (count, now);
        return count;
    }

    /// <summary>A cluster master's connected replicas, from the cluster's map the client keeps anyway.</summary>
    private static int ClusterReplicasOf(IServer server) =>
        server.ClusterConfiguration?.Nodes.FirstOrDefault(n => Equals(n.EndPoint, server.EndPoint))?.Children.Count(c => c.IsConnected) ?? 0;

    /// <summary>A single server's connected replicas (ROLE: "master", offset, one entry per replica).</summary>
    private static async Task<int> RoleReplicasOfAsync(IServer server)
    {
        try
        {
            var role = (RedisResult[]?)await server.ExecuteAsync("ROLE");
            return role is [var kind, _, var connected, ..] && (string?)kind == "master" ? ((RedisResult[]?)connected)?.Length ?? 0 : 0;
        }
        catch (RedisServerException)
        {
            return 0; // ROLE refused (renamed, or an ACL without it): nothing to wait for that this client can see
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Redis master {Master}: {Acknowledged} of its {Replicas} replicas confirmed a write within {Timeout} ms; it counts as done on the master alone")]
    private static partial void LogBehind(ILogger logger, string master, long acknowledged, int replicas, long timeout);
}
