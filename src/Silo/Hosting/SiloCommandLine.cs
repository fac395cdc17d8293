using Cdr.Orleans.Infrastructure.Hosting;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Silo.Demo;

namespace Cdr.Orleans.Silo.Hosting;

/// <summary>
/// The silo's friendly switches, mapped onto configuration keys. Any configuration key also works as
/// <c>--Section:Key=value</c>. A switch that is neither is an error, so a typo never goes unnoticed.
/// </summary>
public static class SiloCommandLine
{
    public static readonly Dictionary<string, string> Switches = new()
    {
        ["--silo-port"] = $"{SiloOptions.SectionName}:SiloPort",
        ["--gateway-port"] = $"{SiloOptions.SectionName}:GatewayPort",
        ["--primary-port"] = $"{SiloOptions.SectionName}:PrimarySiloPort",
        ["--dashboard-port"] = $"{SiloOptions.SectionName}:DashboardPort",
        ["--console-port"] = $"{Web.WebConsoleOptions.SectionName}:Port",
        ["--console-address"] = $"{Web.WebConsoleOptions.SectionName}:Address",
        ["--console-key"] = $"{Web.WebConsoleOptions.SectionName}:ApiKey",
        ["--console-key-file"] = $"{Web.WebConsoleOptions.SectionName}:ApiKeyFile",
        ["--console-host"] = $"{Web.WebConsoleOptions.SectionName}:Hosts",
        ["--cluster-id"] = $"{CdrClusterOptions.SectionName}:ClusterId",
        ["--redis"] = $"{CdrClusterOptions.SectionName}:Redis",
        ["--redis-ca"] = $"{CdrClusterOptions.SectionName}:RedisCaFile",
        ["--redis-password-file"] = $"{CdrClusterOptions.SectionName}:RedisPasswordFile",
        ["--partitions"] = $"{CdrStreamOptions.SectionName}:Partitions",
        ["--demo"] = $"{DemoOptions.SectionName}:Enabled",
        ["--demo-rate"] = $"{DemoOptions.SectionName}:Rate",
        ["--demo-subscribers"] = $"{DemoOptions.SectionName}:Subscribers",
    };

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
