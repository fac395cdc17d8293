using System.CommandLine;
using Microsoft.Extensions.Configuration;

namespace Cdr.Orleans.Cluster;

/// <summary>
/// The command-line switches that say which cluster a console program talks to, the same in the client and the
/// generator: <c>--gateway</c> (embedded mode) and <c>--redis</c> (durable mode). A switch left out adds nothing, so the
/// environment's <c>Cdr__Cluster__...</c> or the defaults of <see cref="CdrClusterOptions"/> apply.
/// </summary>
public static class ClusterSwitches
{
    public static readonly Option<string?> Gateway = new("--gateway")
    {
        Description = $"Cluster gateways, host:port[,host:port] (default {new CdrClusterOptions().Gateways})",
        Recursive = true,
    };

    public static readonly Option<string?> Redis = new("--redis")
    {
        Description = "Durable mode: find the cluster through this Redis (host:port[,options]) instead of --gateway",
        Recursive = true,
    };

    public static readonly Option<string?> RedisCa = new("--redis-ca")
    {
        Description = "Durable mode over TLS: PEM file of the certificate authority that signed Redis's certificate",
        Recursive = true,
    };

    public static readonly Option<string?> RedisPasswordFile = new("--redis-password-file")
    {
        Description = "Durable mode: a file whose first line is Redis's password (or set Cdr__Cluster__RedisPassword), kept off the command line",
        Recursive = true,
    };

    /// <summary>The configuration of a console run: the environment, then the switches given, then <paramref name="more"/>.</summary>
    public static IConfiguration Configuration(ParseResult parse, params (string Key, string? Value)[] more) =>
        ClusterConnection.Configuration(
        [
            new($"{CdrClusterOptions.SectionName}:Gateways", parse.GetValue(Gateway)),
            new($"{CdrClusterOptions.SectionName}:Redis", parse.GetValue(Redis)),
            new($"{CdrClusterOptions.SectionName}:RedisCaFile", parse.GetValue(RedisCa)),
            new($"{CdrClusterOptions.SectionName}:RedisPasswordFile", parse.GetValue(RedisPasswordFile)),
            .. more.Select(m => new KeyValuePair<string, string?>(m.Key, m.Value)),
        ]);
}
