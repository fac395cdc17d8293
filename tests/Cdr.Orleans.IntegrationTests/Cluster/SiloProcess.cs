using Cdr.Orleans.Cluster;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// A real silo process (the Silo project's build, beside the test binaries), in durable mode on a given Redis or
/// embedded, with its own free ports. <see cref="Kill"/> is kill -9: no shutdown, no acknowledgement, as a crash.
/// </summary>
public sealed class SiloProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private SiloProcess(Process process) => this.process = process;

    /// <summary>The process id, which the silo's Redis stream consumer names carry ("{machine}-{pid}-{guid}").</summary>
    public int ProcessId => process.Id;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public bool Running => !process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Lines logged at error or critical level ("fail:" / "crit:" in the console log format).</summary>
    public IReadOnlyList<string> ErrorLines =>
        [.. Output.Split('\n').Where(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal))];

    /// <summary>Waits until the output holds <paramref name="text"/>; fails with the output when the deadline passes or the process ends first.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"expected '{text}' in the silo's output within {timeout.TotalSeconds:0} s:\n{Output}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the process to end by itself.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the process did not end within {timeout.TotalSeconds:0} s; its output so far:\n{Output}");
        }
        process.WaitForExit(); // the output readers drain
    }

    /// <summary>Starts a silo; the dashboard (and the HTTP endpoints beside it) is off unless <paramref name="settings"/> give a <c>--dashboard-port</c>.</summary>
    public static SiloProcess Start(string redis, string clusterId, params string[] settings) =>
        StartSilo(["--redis", redis, "--cluster-id", clusterId, "--silo-port", FreePort(), "--gateway-port", FreePort(), .. settings]);

    /// <summary>
    /// A durable-mode silo in network namespace <paramref name="hostNamespace"/> (a stand-in for another host, see
    /// <see cref="SeparateHosts"/>), on the default ports, which are its own there.
    /// </summary>
    public static SiloProcess StartOnHost(string hostNamespace, string redis, string clusterId, params string[] settings) =>
        StartSilo(["--redis", redis, "--cluster-id", clusterId, .. settings], hostNamespace);

    /// <summary>An embedded-mode silo (in-memory storage, memory streams) on free ports.</summary>
    public static SiloProcess StartEmbedded(params string[] settings)
    {
        var gateway = FreePort();
        var started = StartSilo(["--silo-port", FreePort(), "--gateway-port", gateway, .. settings]);
        started.Gateway = $"localhost:{gateway}";
        return started;
    }

    /// <summary>An embedded silo's gateway (host:port), for a client.</summary>
    public string? Gateway { get; private set; }

    /// <summary>
    /// The bench (<c>Cdr.Orleans.Bench ...</c>): a silo and the generator in one process, ending by itself.
    /// It runs in the repository, whose campaigns/ folder <c>--campaigns</c> copies.
    /// </summary>
    public static SiloProcess StartBench(params string[] arguments) => StartBench(new Dictionary<string, string>(), arguments);

    /// <summary>The bench with settings in its environment (<c>Cdr__Engine__CheckpointInterval</c> and the like).</summary>
    public static SiloProcess StartBench(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Launch([Path.Combine(AppContext.BaseDirectory, "Cdr.Orleans.Bench.dll"), .. arguments], RepositoryFiles.Root, environment: environment);

    private static string SiloProgram => Path.Combine(AppContext.BaseDirectory, "Cdr.Orleans.Silo.dll");

    private static SiloProcess StartSilo(string[] settings, string? hostNamespace = null)
    {
        string[] args =
        [
            SiloProgram,
            .. settings.Contains("--dashboard-port") ? Array.Empty<string>() : ["--dashboard-port", "0"],
            // Declare a killed silo dead within seconds, not the default half minute.
            "--Orleans:ClusterMembership:ProbeTimeout=00:00:01", "--Orleans:ClusterMembership:NumMissedProbesLimit=2",
            "--Orleans:ClusterMembership:NumVotesForDeathDeclaration=1",
            // After every silo was killed, the new ones treat table entries whose I-am-alive is seconds old as dead.
            "--Orleans:ClusterMembership:IAmAliveTablePublishTimeout=00:00:02", "--Orleans:ClusterMembership:NumMissedTableIAmAliveLimit=1",
            .. settings,
        ];
        return Launch(hostNamespace is null ? args : ["netns", "exec", hostNamespace, "dotnet", .. args], program: hostNamespace is null ? "dotnet" : "ip");
    }

    private static SiloProcess Launch(string[] args, string? workingDirectory = null, string program = "dotnet", IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        var started = new SiloProcess(Process.Start(info)!);
        started.process.OutputDataReceived += (_, e) => started.Append(e.Data);
        started.process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        started.process.BeginOutputReadLine();
        started.process.BeginErrorReadLine();
        return started;
    }

    /// <summary>A client of the silos started with <paramref name="clusterId"/> (also their service id) on <paramref name="redis"/>.</summary>
    public static Task<Microsoft.Extensions.Hosting.IHost> ConnectAsync(string redis, string clusterId, int partitions) =>
        ClusterConnection.ConnectAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cdr:Cluster:Redis"] = redis,
            ["Cdr:Cluster:ClusterId"] = clusterId,
            ["Cdr:Cluster:ServiceId"] = clusterId,
            ["Cdr:Stream:Partitions"] = partitions.ToString(CultureInfo.InvariantCulture),
        }).Build(), CancellationToken.None);

    public Task WaitUntilUpAsync(TimeSpan timeout) => WaitForOutputAsync("silo up", timeout);

    /// <summary>Stops it as an operator would (SIGTERM: the silo shuts down, its grains deactivate and store their state).</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        await WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    public static string FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port.ToString(CultureInfo.InvariantCulture);
    }
}
