using System.Runtime.CompilerServices;
using System.Text;
using Cdr.Orleans.Contracts.Segments;
using StackExchange.Redis;

namespace Cdr.Orleans.Infrastructure.Redis.Storage;

/// <summary>
/// Durable mode's roster: the stored subscriber states are the list of known subscribers, read by scanning their keys
/// (<see cref="RedisGroupCommitStorage.SubscriberKey"/>) on every master. Nothing is written for it and nothing is held:
/// a roster kept beside the states (a list rewritten whole per shard) cost a 3 MB write per new number at ten million
/// subscribers, and all the numbers in the silo's heap. A subscriber known but not yet stored is resident, and segments
/// ask the resident grains as well.
/// </summary>
public sealed class RedisSubscriberRoster(string serviceId, IConnectionMultiplexer redis) : ISubscriberRoster
{
    /// <summary>Keys asked of a node per SCAN call (and numbers per page).</summary>
    public const int PageSize = 2_000;

    private const string Middle = "/subscriber/";
    private const string Suffix = "/subscriber";

    /// <summary>A profile is stored before its load returns, so the subscriber is on this roster at once.</summary>
    public TimeSpan HoldAfterProfileLoad => TimeSpan.Zero;

    public void Enlist(string msisdn)
    {
    }

    public async IAsyncEnumerable<IReadOnlyList<string>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pattern = GlobEscape($"{serviceId}/state/") + "{p*}" + Middle + "*" + Suffix;
        foreach (var node in Masters())
        {
            var page = new List<string>(PageSize);
            await foreach (var key in node.KeysAsync(pattern: pattern, pageSize: PageSize).WithCancellation(cancellationToken))
            {
                if (NumberOf(key) is { } msisdn)
                {
                    page.Add(msisdn);
                }
                if (page.Count == PageSize)
                {
                    yield return page;
                    page = new List<string>(PageSize);
                }
            }
            if (page.Count > 0)
            {
                yield return page;
            }
        }
    }

    /// <summary>The number in a subscriber state's key, or null when the key is not one.</summary>
    public static string? NumberOf(string? key)
    {
        if (key is null || !key.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return null;
        }
        var end = key.Length - Suffix.Length;
        var start = key.LastIndexOf(Middle, end - 1, StringComparison.Ordinal);
        return start < 0 || start + Middle.Length >= end ? null : key[(start + Middle.Length)..end];
    }

    /// <summary>The masters that hold every slot between them (the one server outside a cluster); a master that does not answer is an error, not a smaller count.</summary>
    private IEnumerable<IServer> Masters()
    {
        var servers = redis.GetServers();
        var cluster = servers.FirstOrDefault(s => s.IsConnected && s.ServerType == ServerType.Cluster)?.ClusterConfiguration;
        if (cluster is null)
        {
            var single = servers.FirstOrDefault(s => s.IsConnected && !s.IsReplica)
                ?? throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "the roster cannot be read: no Redis server answers");
            return [single];
        }
        var masters = cluster.Nodes.Where(n => !n.IsReplica && n.Slots.Count > 0).ToList();
        var down = masters.Where(n => !redis.GetServer(n.EndPoint!).IsConnected).Select(n => n.EndPoint!.ToString()).ToList();
        if (down.Count > 0)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect,
                $"the roster cannot be read whole: Redis Cluster master(s) {string.Join(", ", down)} do not answer");
        }
        return masters.Select(n => redis.GetServer(n.EndPoint!));
    }

    private static string GlobEscape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
