using Cdr.Orleans.Cluster;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Silo.Hosting;

/// <summary>Turns the failures a person can fix at start-up (a bad setting, a port in use) into one plain sentence.</summary>
public static class StartupFailure
{
    /// <summary>The reason and the fix, or null when <paramref name="error"/> is not one of those (it then propagates as is).</summary>
    public static string? Explain(Exception error)
    {
        foreach (var inner in Chain(error))
        {
            switch (inner)
            {
                case StackExchange.Redis.RedisConnectionException redis:
                    return $"Redis is unreachable ({CdrClusterOptions.Explain(redis)}); start redis-server, or give --redis HOST:PORT";
                case Infrastructure.Kafka.Streams.KafkaFeedException kafka:
                    return kafka.Message;
                case OptionsValidationException invalid:
                    return string.Join("; ", invalid.Failures);
                case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } socket:
                    return $"a port this silo needs is already in use ({socket.Message}). Another silo, or the dashboard of one, " +
                        "is probably running on this machine: stop it, or give this silo its own ports, e.g. " +
                        "--silo-port 11112 --gateway-port 30001 --primary-port 11111 --dashboard-port 8081";
            }
        }
        return null;
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        var pending = new Stack<Exception>([error]);
        while (pending.TryPop(out var current))
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is not null)
            {
                pending.Push(current.InnerException);
            }
        }
    }
}
