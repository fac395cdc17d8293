using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// A real silo process (the Silo project's build, beside the test binaries) in durable mode on a given Redis, with its
/// own free ports. <see cref="Kill"/> is kill -9: no shutdown, no acknowledgement, as a crash.
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

    /// <summary>Starts a silo; the dashboard (and the HTTP endpoints beside it) is off unless <paramref name="settings"/> give a <c>--dashboard-port</c>.</summary>
    public static SiloProcess Start(string redis, string clusterId, params string[] settings)
    {
        var silo = Path.Combine(AppContext.BaseDirectory, "Cdr.Orleans.Silo.dll");
        string[] args =
        [
            silo, "--redis", redis, "--cluster-id", clusterId, "--silo-port", FreePort(), "--gateway-port", FreePort(),
            .. settings.Contains("--dashboard-port") ? Array.Empty<string>() : ["--dashboard-port", "0"],
            // Declare a killed silo dead within seconds, not the default half minute.
            "--Orleans:ClusterMembership:ProbeTimeout=00:00:01", "--Orleans:ClusterMembership:NumMissedProbesLimit=2",
            "--Orleans:ClusterMembership:NumVotesForDeathDeclaration=1",
            // After every silo was killed, the new ones treat table entries whose I-am-alive is seconds old as dead.
            "--Orleans:ClusterMembership:IAmAliveTablePublishTimeout=00:00:02", "--Orleans:ClusterMembership:NumMissedTableIAmAliveLimit=1",
            .. settings,
        ];
        var info = new ProcessStartInfo("dotnet", args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        var started = new SiloProcess(Process.Start(info)!);
        started.process.OutputDataReceived += (_, e) => started.Append(e.Data);
        started.process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        started.process.BeginOutputReadLine();
        started.process.BeginErrorReadLine();
        return started;
    }

    /// <summary>A client of the silos started with <paramref name="clusterId"/> (also their service id) on <paramref name="redis"/>.</summary>
    public static Task<Microsoft.Extensions.Hosting.IHost> ConnectAsync(string redis, string clusterId, int partitions) =>
        Infrastructure.Hosting.ClusterConnection.ConnectAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cdr:Cluster:Redis"] = redis,
            ["Cdr:Cluster:ClusterId"] = clusterId,
            ["Cdr:Cluster:ServiceId"] = clusterId,
            ["Cdr:Stream:Partitions"] = partitions.ToString(CultureInfo.InvariantCulture),
        }).Build(), CancellationToken.None);

    public async Task WaitUntilUpAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains("silo up", StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the silo did not start:\n{Output}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Stops it as an operator would (SIGTERM: the silo shuts down, its grains deactivate and store their state).</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
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
