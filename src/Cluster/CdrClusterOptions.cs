using Cdr.Orleans.Infrastructure.Hosting;
using System.Net;

namespace Cdr.Orleans.Cluster;

/// <summary>Which cluster a silo joins or a client connects to. Section <c>Cdr:Cluster</c>.</summary>
public sealed class CdrClusterOptions
{
    public const string SectionName = "Cdr:Cluster";

    /// <summary>This section of <paramref name="configuration"/>, checked.</summary>
    public static CdrClusterOptions From(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        configuration.ReadSettings<CdrClusterOptions>(SectionName, o => o.Validate());

    /// <summary>Silos and clients of one cluster share it. Default "cdr-dev".</summary>
    public string ClusterId { get; set; } = "cdr-dev";

    /// <summary>Stays the same across deployments of the service (grain state is keyed by it). Default "cdr-orleans".</summary>
    public string ServiceId { get; set; } = "cdr-orleans";

    /// <summary>Gateways a client may connect to, comma-separated host:port. Default "localhost:30000". Unused in durable mode.</summary>
    public string Gateways { get; set; } = "localhost:30000";

    /// <summary>
    /// Durable mode: the Redis server (a StackExchange.Redis configuration string, "host:port[,option=value...]") that
    /// holds cluster membership and grain state. Empty: embedded mode.
    /// </summary>
    public string? Redis { get; set; }

    public bool Durable => !string.IsNullOrWhiteSpace(Redis);

    /// <summary>
    /// Durable mode over TLS with a private certificate authority: the PEM file of the CA that signed Redis's certificate
    /// (turns TLS on). Empty: TLS, when <see cref="Redis"/> says <c>ssl=true</c>, trusts the machine's store.
    /// </summary>
    public string? RedisCaFile { get; set; }

    /// <summary>
    /// Redis's password, when <see cref="Redis"/> does not carry one: from the environment (<c>Cdr__Cluster__RedisPassword</c>)
    /// rather than a command line that any local user can read.
    /// </summary>
    public string? RedisPassword { get; set; }

    /// <summary>A file that holds Redis's password on its first line; used when neither <see cref="Redis"/> nor <see cref="RedisPassword"/> gives one.</summary>
    public string? RedisPasswordFile { get; set; }

    /// <summary><see cref="Redis"/> as messages and logs may show it: the password masked.</summary>
    public string RedisForDisplay => MaskPassword(Redis);

    /// <summary>A Redis configuration string with the value of every <c>password=</c> option replaced by ****.</summary>
    public static string MaskPassword(string? configuration) =>
        System.Text.RegularExpressions.Regex.Replace(configuration ?? "", "(?i)(password\\s*=)[^,]*", "$1****");

    /// <summary>
    /// <see cref="Redis"/> with <c>abortConnect=false</c> unless it says otherwise: a connection lost while running is
    /// retried in the background instead of failing for good, and work resumes when Redis is back.
    /// </summary>
    public string RedisConnection() =>
        Redis!.Contains("abortConnect", StringComparison.OrdinalIgnoreCase) ? Redis! : Redis! + ",abortConnect=false";

    /// <summary>
    /// The connection options every Redis connection of the engine uses (membership, grain state, streams, offers):
    /// <see cref="RedisConnection"/>, with the CA of <see cref="RedisCaFile"/> trusted when one is given.
    /// </summary>
    public StackExchange.Redis.ConfigurationOptions RedisOptions()
    {
        var options = StackExchange.Redis.ConfigurationOptions.Parse(RedisConnection());
        if (string.IsNullOrEmpty(options.Password))
        {
            options.Password = string.IsNullOrEmpty(RedisPassword) ? SecretFile.Read(RedisPasswordFile, $"{SectionName}:RedisPasswordFile") : RedisPassword;
        }
        if (!string.IsNullOrWhiteSpace(RedisCaFile))
        {
            options.Ssl = true;
            options.TrustIssuer(RedisCaFile);
        }
        return options;
    }

    /// <summary>Waits until Redis answers, telling <paramref name="log"/> why and when it tries again (1, 2, 4... up to 15 s apart).</summary>
    public async Task WaitForRedisAsync(Action<string> log, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(RedisOptions());
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (StackExchange.Redis.RedisException ex)
            {
                log($"Redis at {RedisForDisplay} is unreachable ({Explain(ex)}); trying again in {delay.TotalSeconds:0} s");
            }
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromSeconds(Math.Min(15, delay.TotalSeconds * 2));
        }
    }

    /// <summary>StackExchange.Redis's long messages, as a few words.</summary>
    public static string Explain(Exception error)
    {
        var message = error.Message;
        if (message.Contains("UnableToConnect", StringComparison.Ordinal) || message.Contains("not possible to connect", StringComparison.Ordinal))
        {
            return "nothing answers there";
        }
        var cut = message.IndexOfAny(['.', '(']);
        return (cut > 0 ? message[..cut] : message).Trim();
    }

    /// <summary>Null when the settings are usable, otherwise what is wrong and what is accepted.</summary>
    public string? Validate()
    {
        if (ValidateRedis() is { } redis)
        {
            return redis;
        }
        if (RedisCaFile is { Length: > 0 } ca && !File.Exists(ca))
        {
            return $"{SectionName}:RedisCaFile '{ca}' does not exist; give the PEM file of the certificate authority that signed Redis's certificate";
        }
        try
        {
            SecretFile.Read(RedisPasswordFile, $"{SectionName}:RedisPasswordFile");
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Checks <see cref="Redis"/>: null when it is usable (or empty), otherwise what is wrong and what is accepted.</summary>
    public string? ValidateRedis()
    {
        if (!Durable)
        {
            return null;
        }
        const string accepted = "accepted: host:port[,host:port...][,option=value...], e.g. localhost:6379 or redis1:6379,redis2:6379,password=...";
        foreach (var item in Redis!.Split(','))
        {
            var text = item.Trim();
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (text.Length == 0)
            {
                return $"{SectionName}:Redis '{RedisForDisplay}' has an empty item between its commas; {accepted}";
            }
            if (equals == 0 || (equals > 0 && !text[..equals].Trim().All(char.IsAsciiLetterOrDigit)))
            {
                return $"{SectionName}:Redis '{RedisForDisplay}' has '{MaskPassword(text)}', which is neither host:port nor option=value; {accepted}";
            }
            if (equals < 0 && !IsEndpoint(text))
            {
                return $"{SectionName}:Redis '{RedisForDisplay}' has '{text}', which is not host:port (a host name or IP address, a port from 1 to 65535); {accepted}";
            }
        }
        try
        {
            var options = StackExchange.Redis.ConfigurationOptions.Parse(Redis!);
            return options.EndPoints.Count == 0 ? $"{SectionName}:Redis '{RedisForDisplay}' names no server; {accepted}" : null;
        }
        catch (ArgumentException ex)
        {
            return $"{SectionName}:Redis '{RedisForDisplay}' is not a Redis configuration ({MaskPassword(ex.Message)}); accepted: host:port[,option=value...], e.g. localhost:6379";
        }
    }

    /// <summary>host, host:port or [ipv6]:port, with a host name or IP address and a port from 1 to 65535.</summary>
    private static bool IsEndpoint(string text)
    {
        var host = text;
        var bracket = text.LastIndexOf(']');
        var colon = text.LastIndexOf(':');
        if (colon > bracket && (bracket >= 0 || text.IndexOf(':', StringComparison.Ordinal) == colon))
        {
            if (!int.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                return false;
            }
            host = text[..colon];
        }
        return Uri.CheckHostName(host.Trim('[', ']')) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6;
    }

    private static IPAddress Resolve(string host, string gateway)
    {
        try
        {
            return Dns.GetHostAddresses(host).FirstOrDefault()
                ?? throw new ClusterUnreachableException($"gateway '{gateway}': the name '{host}' has no address; give a host name that resolves, or an IP address");
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new ClusterUnreachableException($"gateway '{gateway}': the name '{host}' is not known ({ex.Message}); give a host name that resolves, or an IP address", ex);
        }
    }

    /// <summary>Parses <see cref="Gateways"/>; throws <see cref="FormatException"/> with what is accepted.</summary>
    public IReadOnlyList<IPEndPoint> GatewayEndpoints()
    {
        var endpoints = new List<IPEndPoint>();
        foreach (var item in Gateways.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = item.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(item[(colon + 1)..], out var port) || port is < 1 or > 65535)
            {
                throw new FormatException($"gateway '{item}' is not host:port (for example localhost:30000)");
            }
            var host = item[..colon];
            var address = host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                ? IPAddress.Loopback
                : IPAddress.TryParse(host, out var ip) ? ip : Resolve(host, item);
            endpoints.Add(new IPEndPoint(address, port));
        }
        if (endpoints.Count == 0)
        {
            throw new FormatException($"no gateway given in '{Gateways}'; accepted: host:port[,host:port...]");
        }
        return endpoints;
    }
}
