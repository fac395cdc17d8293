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

    /// <summary>Runs before the first start, e.g. to make certificates in <see cref="directory"/>.</summary>
    protected virtual void Prepare()
    {
    }

    private static readonly SemaphoreSlim Installing = new(1, 1);

    public async Task InitializeAsync()
    {
        await EnsureInstalledAsync();
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
            [.. Arguments, "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes", "--appendfsync", "everysec", "--dir", directory.FullName])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && process is { HasExited: false })
            {
                await Task.Delay(50);
            }
        }
    }

    private static async Task EnsureInstalledAsync()
    {
        await Installing.WaitAsync();
        try
        {
            if (OnPath("redis-server"))
            {
                return;
            }
            foreach (var command in new[] { "apt-get install -y redis-server", "apt-get update", "apt-get install -y redis-server" })
            {
                using var apt = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"DEBIAN_FRONTEND=noninteractive {command}"])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                })!;
                await apt.StandardOutput.ReadToEndAsync();
                await apt.WaitForExitAsync();
                if (OnPath("redis-server"))
                {
                    return;
                }
            }
            throw new InvalidOperationException("redis-server is not installed and could not be installed; run: apt-get install -y redis-server");
        }
        finally
        {
            Installing.Release();
        }
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, program)));

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
