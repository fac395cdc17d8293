using StackExchange.Redis;

namespace Cdr.Orleans.Infrastructure.Redis;

/// <summary>
/// Which Redis failures pass on their own, so that a write is worth trying again: a connection lost or timing out, and
/// the replies a server gives while it cannot serve for a moment. A Redis Cluster answers CLUSTERDOWN between a master's
/// death and its replica's promotion, and TRYAGAIN or MOVED while slots move; a server answers LOADING while it reads
/// its files back, MASTERDOWN or READONLY while it follows a new master. Anything else (a wrong type, a script error,
/// no memory) will fail the same way again.
/// </summary>
public static class RedisFailures
{
    private static readonly string[] PassingReplies = ["CLUSTERDOWN", "TRYAGAIN", "MOVED", "ASK", "LOADING", "MASTERDOWN", "READONLY"];

    /// <summary>True when <paramref name="error"/>, or one it wraps, is a Redis failure that passes on its own.</summary>
    public static bool IsTransient(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            switch (error)
            {
                case RedisConnectionException or RedisTimeoutException:
                    return true;
                case RedisServerException server when PassingReplies.Any(r => server.Message.StartsWith(r + " ", StringComparison.Ordinal)):
                    return true;
            }
        }
        return false;
    }
}
