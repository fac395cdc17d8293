using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// A real Redis Cluster from Debian's redis-server: three masters with a replica each on loopback ports (each with its
/// append-only file), made with <c>redis-cli --cluster create</c>, for one test class. <see cref="KillMasterAsync"/> is
/// kill -9 of a master; its replica takes over after the node timeout (2 s).
/// </summary>
public sealed class RedisClusterServers : IAsyncLifetime
{
    private const int Nodes = 6;
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("cdr-redis-cluster-");
    private readonly Dictionary<int, Process> processes = [];

    public IReadOnlyList<int> Ports { get; private set; } = [];

    /// <summary>What a silo or client gives as <c>--redis</c>: three of the nodes; the client finds the rest.</summary>
    public string Configuration => string.Join(",", Ports.Take(3).Select(p => $"127.0.0.1:{p}"));

    public async Task InitializeAsync()
    {
        await DebianPackage.EnsureAsync("redis-server", "redis-server");
        Ports = FreePorts();
        foreach (var port in Ports)
        {
            Start(port);
        }
        foreach (var port in Ports)
        {
            await RedisServer.WaitForPortAsync(port, processes[port]);
        }
        var create = await CliAsync(["--cluster", "create", .. Ports.Select(p => $"127.0.0.1:{p}"), "--cluster-replicas", "1", "--cluster-yes"]);
        Assert.True(create.Contains("All 16384 slots covered", StringComparison.Ordinal), $"redis-cli --cluster create failed:\n{create}");
        await Eventually.UntilAsync(async () =>
        {
            foreach (var port in Ports)
            {
                if (!(await CliAsync(["-p", $"{port}", "cluster", "info"])).Contains("cluster_state:ok", StringComparison.Ordinal))
                {
                    return false;
                }
            }
            return true;
        }, () => "every node of the new Redis Cluster says cluster_state:ok", TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Kills (-9) the master that serves <paramref name="key"/>'s slot and waits until a replica is master in its place
    /// and the cluster is whole again. Returns the killed master's port.
    /// </summary>
    public async Task<int> KillMasterAsync(string key)
    {
        var asked = Ports.First(p => !processes[p].HasExited);
        var slot = int.Parse((await CliAsync(["-p", $"{asked}", "cluster", "keyslot", key])).Trim(), CultureInfo.InvariantCulture);
        var master = await MasterOfAsync(asked, slot) ?? throw new InvalidOperationException($"no master serves slot {slot}");
        processes[master].Kill();
        await processes[master].WaitForExitAsync();
        var survivor = Ports.First(p => !processes[p].HasExited);
        await Eventually.UntilAsync(
            async () => (await CliAsync(["-p", $"{survivor}", "cluster", "info"])).Contains("cluster_state:ok", StringComparison.Ordinal)
                && await MasterOfAsync(survivor, slot) is { } now && now != master,
            () => $"a replica of the killed master (port {master}) took over slot {slot}", TimeSpan.FromSeconds(30));
        return master;
    }

    /// <summary>
    /// Empties every live master (FLUSHALL; replicas follow), so a test starts on a cluster holding nothing: the CDR
    /// streams are the same keys for every service id, and entries an earlier test left would be read by the next one.
    /// </summary>
    public async Task FlushAsync()
    {
        foreach (var port in Ports.Where(p => !processes[p].HasExited))
        {
            if ((await CliAsync(["-p", $"{port}", "role"])).StartsWith("master", StringComparison.Ordinal))
            {
                var reply = await CliAsync(["-p", $"{port}", "flushall"]);
                Assert.True(reply.Trim() == "OK", $"FLUSHALL on the master at port {port} answered {reply}");
            }
        }
    }

    /// <summary>How many times the live nodes ran <paramref name="command"/> (INFO commandstats), summed.</summary>
    public async Task<long> CommandCallsAsync(string command)
    {
        long calls = 0;
        foreach (var port in Ports.Where(p => !processes[p].HasExited))
        {
            var line = (await CliAsync(["-p", $"{port}", "info", "commandstats"])).Split('\n').FirstOrDefault(l => l.StartsWith($"cmdstat_{command}:calls=", StringComparison.Ordinal));
            calls += line is null ? 0 : long.Parse(line.Split('=', ',')[1], CultureInfo.InvariantCulture);
        }
        return calls;
    }

    /// <summary>The port of the master serving <paramref name="slot"/>, as node <paramref name="askPort"/> sees it (CLUSTER NODES).</summary>
    private static async Task<int?> MasterOfAsync(int askPort, int slot)
    {
        // "<id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slot or range>..."
        foreach (var line in (await CliAsync(["-p", $"{askPort}", "cluster", "nodes"])).Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 9 || !fields[2].Contains("master", StringComparison.Ordinal) || fields[2].Contains("fail", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var range in fields[8..].Where(f => !f.StartsWith('[')))
            {
                var bounds = range.Split('-');
                var (start, end) = (int.Parse(bounds[0], CultureInfo.InvariantCulture), int.Parse(bounds[^1], CultureInfo.InvariantCulture));
                if (slot >= start && slot <= end)
                {
                    return int.Parse(fields[1].Split('@')[0].Split(':')[^1], CultureInfo.InvariantCulture);
                }
            }
        }
        return null;
    }

    private void Start(int port)
    {
        var dir = directory.CreateSubdirectory(port.ToString(CultureInfo.InvariantCulture));
        processes[port] = Process.Start(new ProcessStartInfo("redis-server",
            ["--port", $"{port}", "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
             "--cluster-node-timeout", "2000", "--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--dir", dir.FullName])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
    }

    public static async Task<string> CliAsync(string[] arguments)
    {
        using var cli = Process.Start(new ProcessStartInfo("redis-cli", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = cli.StandardOutput.ReadToEndAsync();
        var error = cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync();
        return await output + await error;
    }

    /// <summary>Six ports whose cluster bus ports (port + 10000) are free too.</summary>
    private static int[] FreePorts()
    {
        var ports = new List<int>();
        var candidate = 20_000 + Random.Shared.Next(0, 9_000);
        while (ports.Count < Nodes)
        {
            candidate++;
            if (IsFree(candidate) && IsFree(candidate + 10_000))
            {
                ports.Add(candidate);
            }
        }
        return [.. ports];
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var process in processes.Values)
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
        directory.Delete(recursive: true);
    }
}
