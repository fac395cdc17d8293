using Cdr.Orleans.Cluster;
using System.CommandLine;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Silo.Demo;

namespace Cdr.Orleans.Silo.Hosting;

/// <summary>
/// The silo's friendly switches, mapped onto configuration keys. Any configuration key also works as
/// <c>--Section:Key=value</c>. A switch that is neither is an error, so a typo never goes unnoticed.
/// </summary>
public static class SiloCommandLine
{
    private static readonly (string Switch, string Key, string Description)[] Table =
    [
        ("--silo-port", $"{SiloOptions.SectionName}:SiloPort", "Silo-to-silo port (default 11111)"),
        ("--gateway-port", $"{SiloOptions.SectionName}:GatewayPort", "Port clients connect to (default 30000)"),
        ("--advertise", $"{SiloOptions.SectionName}:AdvertisedAddress", "Durable mode: the address other hosts reach this silo at (default: this host's address on the route to Redis)"),
        ("--listen", $"{SiloOptions.SectionName}:ListenAddress", "Durable mode: the address the silo and gateway ports listen on, or * (default: the advertised one)"),
        ("--primary-port", $"{SiloOptions.SectionName}:PrimarySiloPort", "Embedded mode: the silo port of the primary silo to join (default 0: this one is the primary)"),
        ("--dashboard-port", $"{SiloOptions.SectionName}:DashboardPort", "Orleans Dashboard and traffic API port; 0 = off (default 8080)"),
        ("--console-port", $"{Web.WebConsoleOptions.SectionName}:Port", "Web console port; 0 = off (default: the dashboard's)"),
        ("--console-address", $"{Web.WebConsoleOptions.SectionName}:Address", "Address the console and dashboard listen on: localhost, an address of this host, or * (default localhost)"),
        ("--console-key", $"{Web.WebConsoleOptions.SectionName}:ApiKey", "The console's key (visible in the process list: prefer --console-key-file)"),
        ("--console-key-file", $"{Web.WebConsoleOptions.SectionName}:ApiKeyFile", "A file whose first line is the key every console API route needs"),
        ("--console-host", $"{Web.WebConsoleOptions.SectionName}:Hosts", "Host names the console answers to besides localhost and this host's"),
        ("--metrics-port", $"{MetricsOptions.SectionName}:Port", "Port Prometheus scrapes /metrics on (default 0: the console's port)"),
        ("--otlp-endpoint", $"{MetricsOptions.SectionName}:OtlpEndpoint", "Push metrics to this OpenTelemetry collector, e.g. http://collector:4317 (default: no push)"),
        ("--cluster-id", $"{CdrClusterOptions.SectionName}:ClusterId", "Silos and clients of one cluster share it (default cdr-dev)"),
        ("--redis", $"{CdrClusterOptions.SectionName}:Redis", "Durable mode on this Redis: host:port[,option=value...] (default: embedded mode)"),
        ("--redis-ca", $"{CdrClusterOptions.SectionName}:RedisCaFile", "Durable mode over TLS: PEM file of the CA that signed Redis's certificate"),
        ("--redis-password-file", $"{CdrClusterOptions.SectionName}:RedisPasswordFile", "A file whose first line is Redis's password (or set Cdr__Cluster__RedisPassword)"),
        ("--kafka", $"{Infrastructure.Kafka.Streams.KafkaFeedOptions.SectionName}:Brokers", "Read CDRs from this Kafka: host:port[,host:port...] (default: the engine's own stream)"),
        ("--kafka-topic", $"{Infrastructure.Kafka.Streams.KafkaFeedOptions.SectionName}:Topic", "The Kafka topic the CDRs are on (default cdr)"),
        ("--partitions", $"{CdrStreamOptions.SectionName}:Partitions", "CDR stream partitions (default 32)"),
        ("--demo", $"{DemoOptions.SectionName}:Enabled", "A built-in load, the shipped campaigns and offer responses"),
        ("--demo-rate", $"{DemoOptions.SectionName}:Rate", "Demo CDRs per second (default 200)"),
        ("--demo-subscribers", $"{DemoOptions.SectionName}:Subscribers", "Demo population (default 5000)"),
    ];

    /// <summary>Each friendly switch and the configuration key it sets.</summary>
    public static readonly Dictionary<string, string> Switches = Table.ToDictionary(t => t.Switch, t => t.Key);

    /// <summary>
    /// The silo's command line, for <c>--help</c> and <c>--version</c>: every switch with its meaning. The arguments go
    /// to <paramref name="run"/> through <see cref="Normalise"/>, which maps them and refuses what is neither a switch
    /// nor a <c>--Section:Key=value</c> setting.
    /// </summary>
    public static RootCommand Build(Func<string[], Task<int>> run)
    {
        var root = new RootCommand("Cdr.Orleans silo: the engine, the web console and the Orleans Dashboard. " +
            "Any setting also works as --Section:Key=value (docs/configuration.md), e.g. --Cdr:Engine:HomeCountry=IE.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var (name, key, description) in Table)
        {
            root.Options.Add(name == "--demo"
                ? new Option<bool>(name) { Description = description }
                : new Option<string?>(name) { Description = $"{description} [{key}]" });
        }
        root.SetAction(parse =>
        {
            string[] arguments;
            try
            {
                arguments = Normalise([.. parse.Tokens.Select(t => t.Value)]);
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return Task.FromResult(2);
            }
            return run(arguments);
        });
        return root;
    }

    /// <summary>
    /// Turns a bare <c>--demo</c> into <c>--demo=true</c> and <c>--switch value</c> into <c>--switch=value</c>; rejects
    /// unknown switches, stray values and switches without a value.
    /// </summary>
    public static string[] Normalise(string[] args)
    {
        var result = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var name = arg.Split('=', 2)[0];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'; options start with --. Accepted: {string.Join(", ", Switches.Keys)}, or --Section:Key=value");
            }
            if (!Switches.ContainsKey(name) && !name.Contains(':', StringComparison.Ordinal) && name != "--urls" && name != "--environment")
            {
                throw new ArgumentException($"unknown option '{name}'. Accepted: {string.Join(", ", Switches.Keys)}, or any setting as --Section:Key=value");
            }
            var bare = !arg.Contains('=', StringComparison.Ordinal) && (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal));
            if (bare)
            {
                result.Add(name == "--demo" ? "--demo=true" : throw new ArgumentException($"option '{name}' needs a value, e.g. {name} VALUE or {name}=VALUE"));
            }
            else if (arg.Contains('=', StringComparison.Ordinal))
            {
                result.Add(arg);
            }
            else
            {
                // "--switch value": keep the pair together for the configuration's command-line provider.
                result.Add($"{arg}={args[++i]}");
            }
        }
        return [.. result];
    }
}
