using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cdr.Orleans.Cluster;

/// <summary>Connects a console program to the cluster, turning "nothing there" into one clear sentence.</summary>
public static class ClusterConnection
{
    /// <summary>
    /// A console's configuration: environment variables (<c>Cdr__Cluster__Redis</c>...), overridden by the command-line
    /// flags that were given. A flag left out adds nothing, so it does not hide the environment's value.
    /// </summary>
    public static IConfiguration Configuration(IEnumerable<KeyValuePair<string, string?>> flags) =>
        new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(flags.Where(f => f.Value is not null))
            .Build();

    public static async Task<IHost> ConnectAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var cluster = CdrClusterOptions.From(configuration);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client.AddCdrClusterClient(configuration));
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            host.Dispose();
            var reason = ex.Message.Split('\n')[0].Trim();
            throw new ClusterUnreachableException(cluster.Durable
                ? (ex is StackExchange.Redis.RedisException || ex.InnerException is StackExchange.Redis.RedisException
                    ? $"Redis at {cluster.RedisForDisplay} is unreachable ({CdrClusterOptions.Explain(ex.InnerException as StackExchange.Redis.RedisException ?? ex)}).\nStart it (redis-server), or point at another with --redis HOST:PORT."
                    : $"No Cdr.Orleans silo is registered in Redis at {cluster.RedisForDisplay} ({reason}).\n" +
                      $"Start one with:  dotnet run --project src/Silo -c Release -- --redis {cluster.RedisForDisplay}")
                : $"No Cdr.Orleans cluster is reachable at {cluster.Gateways} ({reason}).\n" +
                  "Start one with:  dotnet run --project src/Silo -c Release\n" +
                  "or point at another with --gateway HOST:PORT.", ex);
        }
    }

    /// <summary>
    /// Connects, runs <paramref name="work"/> and returns its exit code; an unreachable cluster (3), a malformed gateway
    /// (2) or a call the cluster failed (4, such as a grain whose stored state cannot be read) is one line on standard
    /// error instead of a stack trace.
    /// </summary>
    public static async Task<int> RunAsync(IConfiguration configuration, CancellationToken cancellationToken, Func<IClusterClient, Task<int>> work)
    {
        try
        {
            using var host = await ConnectAsync(configuration, cancellationToken);
            var code = await work(host.Client());
            await host.StopAsync(CancellationToken.None);
            return code;
        }
        catch (ClusterUnreachableException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitUnreachable;
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitBadInput;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Console.Error.WriteLine($"error: the cluster could not answer: {ReasonOf(ex)}");
            return ExitClusterError;
        }
    }

    /// <summary>
    /// What went wrong in a failed call, in one line: past Orleans's wrappers ("Error from storage provider ... during
    /// ReadStateAsync") to the first exception of ours or the runtime's, whose message says what is wrong.
    /// </summary>
    public static string ReasonOf(Exception error)
    {
        var cause = error;
        while (cause.InnerException is { } inner && cause.GetType().Namespace?.StartsWith("Orleans", StringComparison.Ordinal) == true)
        {
            cause = inner;
        }
        return cause.Message.Split('\n')[0].Trim();
    }

    public const int ExitBadInput = 2;
    public const int ExitUnreachable = 3;
    public const int ExitClusterError = 4;

    public static IClusterClient Client(this IHost host) => host.Services.GetRequiredService<IClusterClient>();
}
