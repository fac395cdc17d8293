using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

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

    public static SiloProcess Start(string redis, string clusterId, params string[] settings)
    {
        var silo = Path.Combine(AppContext.BaseDirectory, "Cdr.Orleans.Silo.dll");
        string[] args =
        [
            silo, "--redis", redis, "--cluster-id", clusterId, "--silo-port", FreePort(), "--gateway-port", FreePort(), "--dashboard-port", "0",
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

    private static string FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port.ToString(CultureInfo.InvariantCulture);
    }
}
