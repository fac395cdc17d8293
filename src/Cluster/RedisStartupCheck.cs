using StackExchange.Redis;

namespace Cdr.Orleans.Cluster;

/// <summary>
/// What a silo checks in Redis before it starts, once Redis answers: that <c>--redis</c> names one kind of Redis (the
/// nodes of one Redis Cluster, or one server), that a cluster covers every slot, and that the service's keys are in the
/// layout this version reads. Each problem is one sentence saying what is wrong and what to do; nothing is written
/// unless all is well (then the layout marker, once).
/// </summary>
public static class RedisStartupCheck
{
    /// <summary>
    /// The key layout of this version: keys carry Redis Cluster hash tags (subscriber states that of their partition),
    /// and subscriber states hold their windows and callee counts in columns (packed form 2). Layouts 2 (the same keys,
    /// states field by field) and 3 (packed form 1) are read, and marked 4 at start: a version that reads only the
    /// older ones then refuses it, rather than failing on every state it cannot read or dropping the parts it does not know.
    /// </summary>
    public const string Layout = "4";

    /// <summary>The layouts before this one, which this version reads and upgrades in place (each state is rewritten when it is next stored).</summary>
    public static readonly string[] PreviousLayouts = ["2", "3"];

    /// <summary>The key that records which layout a service's keys are in.</summary>
    public static string LayoutKey(string serviceId) => $"{serviceId}/layout";

    /// <summary>Null when the silo may start, otherwise what is wrong.</summary>
    public static async Task<string?> CheckAsync(CdrClusterOptions cluster)
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(cluster.RedisOptions());
        return Topology(cluster, connection) ?? await SlotsAsync(cluster, connection) ?? await LayoutAsync(cluster, connection);
    }

    private static string? Topology(CdrClusterOptions cluster, ConnectionMultiplexer connection)
    {
        var named = cluster.RedisOptions().EndPoints.Select(e => connection.GetServer(e)).Where(s => s.IsConnected).ToList();
        var nodes = named.Where(s => s.ServerType == ServerType.Cluster).Select(s => EndPointCollection.ToString(s.EndPoint)).ToList();
        var standalone = named.Where(s => s.ServerType != ServerType.Cluster).Select(s => EndPointCollection.ToString(s.EndPoint)).ToList();
        return nodes.Count > 0 && standalone.Count > 0
            ? $"{CdrClusterOptions.SectionName}:Redis names Redis Cluster nodes ({string.Join(", ", nodes)}) and servers outside a cluster " +
              $"({string.Join(", ", standalone)}); give the nodes of one Redis Cluster, or one Redis server"
            : null;
    }

    private static async Task<string?> SlotsAsync(CdrClusterOptions cluster, ConnectionMultiplexer connection)
    {
        var node = connection.GetServers().FirstOrDefault(s => s.IsConnected && s.ServerType == ServerType.Cluster);
        if (node is null)
        {
            return null;
        }
        var info = ((string?)await node.ExecuteAsync("CLUSTER", "INFO") ?? "")
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        var state = info.GetValueOrDefault("cluster_state", "unknown");
        var ok = long.TryParse(info.GetValueOrDefault("cluster_slots_ok"), out var slots) ? slots : 0;
        return state == "ok" && ok == 16384
            ? null
            : $"the Redis Cluster at {cluster.RedisForDisplay} serves {ok:N0} of its 16,384 slots (cluster_state:{state}); every slot must have " +
              "a master that answers (redis-cli --cluster check HOST:PORT shows which do not; --cluster fix or adding a node assigns them)";
    }

    private static async Task<string?> LayoutAsync(CdrClusterOptions cluster, ConnectionMultiplexer connection)
    {
        var database = connection.GetDatabase();
        var key = LayoutKey(cluster.ServiceId);
        var layout = await database.StringGetAsync(key);
        if (layout == Layout)
        {
            return null;
        }
        if (PreviousLayouts.Contains((string?)layout))
        {
            await database.StringSetAsync(key, Layout);
            return null;
        }
        if (layout.HasValue)
        {
            return $"Redis at {cluster.RedisForDisplay} holds service '{cluster.ServiceId}' in key layout {layout} ({key}), which this version " +
                $"does not read (it reads layouts {string.Join(", ", PreviousLayouts)} and {Layout}); run the version that wrote it, or give this one an empty Redis or another --Cdr:Cluster:ServiceId";
        }
        // No marker: a service started by an older version has subscriber states without their partition's hash tag.
        var pattern = $"{cluster.ServiceId}/state/subscriber/*";
        foreach (var server in connection.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            await foreach (var found in server.KeysAsync(pattern: pattern, pageSize: 1000))
            {
                return $"Redis at {cluster.RedisForDisplay} holds subscriber state of service '{cluster.ServiceId}' in the key layout before " +
                    $"Redis Cluster support (e.g. {found}), which this version does not read; drain and stop the silos of the version that wrote it " +
                    "and start this one on an empty Redis or with another --Cdr:Cluster:ServiceId (docs/durable-mode.md)";
            }
        }
        await database.StringSetAsync(key, Layout, when: When.NotExists);
        return null;
    }
}
