using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// A real redis-server (Debian's package) on a free loopback port, with an append-only file (fsync every second) in its
/// own temporary directory, for one test class;
/// killed and removed when disposed. When it is not installed, it is installed first (<c>apt-get install -y
/// redis-server</c>, as <c>.ci/run</c> does), so that the README's test command works on a fresh machine.
/// </summary>
public class RedisServer : IAsyncLifetime
{
    protected readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("cdr-redis-");
    private Process? process;

    public int Port { get; private set; }

    /// <summary>What a client gives as Cdr:Cluster:Redis.</summary>
    public virtual string Configuration => $"127.0.0.1:{Port}";

    /// <summary>More redis-server arguments (a password, users, TLS).</summary>
    protected virtual IEnumerable<string> Arguments => ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    /// <summary>The addresses it listens on (redis-server's <c>--bind</c>); loopback unless a subclass needs more.</summary>
    protected virtual IEnumerable<string> Bind => ["127.0.0.1"];

    /// <summary>Runs before the first start, e.g. to make certificates in <see cref="directory"/>.</summary>
    protected virtual void Prepare()
    {
    }

    public async Task InitializeAsync()
    {
        await DebianPackage.EnsureAsync("redis-server", "redis-server");
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Prepare();
        await StartAsync();
    }

    /// <summary>Stops Redis as an operator would (SHUTDOWN: it flushes its append-only file) and starts it again on the same port and files.</summary>
    public async Task RestartAsync()
    {
        using (var cli = Process.Start(new ProcessStartInfo("redis-cli", ["-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "shutdown"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!)
        {
            await cli.WaitForExitAsync();
        }
        await process!.WaitForExitAsync();
        process.Dispose();
        await StartAsync();
    }

    private async Task StartAsync()
    {
        process = Process.Start(new ProcessStartInfo("redis-server",
            [.. Arguments, "--bind", .. Bind, "--save", "",
             "--appendonly", "yes", "--appendfsync", "everysec", "--dir", directory.FullName])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        await WaitForPortAsync(Port, process!);
    }

    /// <summary>Waits until a redis-server just started answers on <paramref name="port"/>; fails when it ends first or after 10 s.</summary>
    internal static async Task WaitForPortAsync(int port, Process server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !server.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process?.Dispose();
        directory.Delete(recursive: true);
    }
}
