using System.Net;
using Cdr.Orleans.Infrastructure.Hosting;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// The web console each silo serves, and the guard in front of it and the Orleans Dashboard. Section
/// <c>Cdr:Console</c>; switches <c>--console-port</c>, <c>--console-address</c>, <c>--console-key-file</c>,
/// <c>--console-host</c>. Every limit has a default here and is documented in docs/web-console.md.
/// </summary>
public sealed class WebConsoleOptions
{
    public const string SectionName = "Cdr:Console";

    /// <summary>Its HTTP port: unset means the dashboard's port (the console at /, the dashboard at /dashboard); 0 turns it off.</summary>
    public int? Port { get; set; }

    /// <summary>The address the silo's HTTP listener binds (console and dashboard). Default <c>localhost</c>: this machine only.</summary>
    public string Address { get; set; } = "localhost";

    /// <summary>
    /// The key every API request and the Orleans Dashboard need (the <c>X-Api-Key</c> header, or the session cookie the
    /// page gets for it). Unset: no key is asked for, which is allowed only on a loopback address. Give it through the
    /// environment (<c>Cdr__Console__ApiKey</c>) or <see cref="ApiKeyFile"/>, not on a command line others can read.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>A file that holds the key (its first line); used when <see cref="ApiKey"/> is not set.</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>
    /// Host names the console answers to besides <c>localhost</c>, this machine's name and IP literals (comma-separated,
    /// e.g. <c>cdr.example.net</c>). A request for any other host gets 421: a DNS name pointed at this machine by someone
    /// else (DNS rebinding) reads nothing.
    /// </summary>
    public string Hosts { get; set; } = "";

    /// <summary>Live-feed connections (<c>/api/live</c>) one silo serves at once; one more gets 429. Default 100.</summary>
    public int MaxLiveConnections { get; set; } = 100;

    /// <summary>Segment queries one silo runs at once (each asks every subscriber); one more gets 429. Default 2.</summary>
    public int MaxConcurrentSegments { get; set; } = 2;

    /// <summary>How long a segment query may run before it is stopped with 503. Default 30 s.</summary>
    public TimeSpan SegmentTimeBudget { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest backtest upload, in MiB; a larger one gets 413. Default 32.</summary>
    public int MaxBacktestMegabytes { get; set; } = 32;

    /// <summary>Backtests one silo runs at once; one more gets 429. Default 1.</summary>
    public int MaxConcurrentBacktests { get; set; } = 1;

    /// <summary>The largest body of any other request (a campaign, a status, the load), in KiB; a larger one gets 413. Default 256.</summary>
    public int MaxRequestKilobytes { get; set; } = 256;

    public bool Loopback => Address is "localhost" || IPAddress.TryParse(Address.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);

    /// <summary>The port it is served on, given the dashboard's; 0 when it is off.</summary>
    public int PortWith(int dashboardPort) => Port ?? dashboardPort;

    /// <summary>The key in force: <see cref="ApiKey"/>, else the first line of <see cref="ApiKeyFile"/>; null when none is set.</summary>
    public string? Key => string.IsNullOrEmpty(ApiKey) ? fileKey.Value : ApiKey;

    private readonly Lazy<string?> fileKey;

    public WebConsoleOptions() => fileKey = new Lazy<string?>(() => SecretFile.Read(ApiKeyFile, $"{SectionName}:ApiKeyFile"));

    /// <summary>The extra host names of <see cref="Hosts"/>.</summary>
    public IReadOnlyList<string> HostNames => Hosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string? Validate()
    {
        if (Port is < 0 or > 65535)
        {
            return $"{SectionName}:Port is {Port}; accepted: 0 (off) to 65535, or leave it out for the dashboard's port";
        }
        if (Address != "localhost" && Address != "*" && !IPAddress.TryParse(Address.Trim('[', ']'), out _))
        {
            return $"{SectionName}:Address is '{Address}'; accepted: localhost, an IP address of this machine (e.g. 127.0.0.1, 0.0.0.0) or *";
        }
        if (HostNames.FirstOrDefault(h => Uri.CheckHostName(h) is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6)) is { } badHost)
        {
            return $"{SectionName}:Hosts has '{badHost}', which is not a host name; accepted: names such as cdr.example.net, comma-separated";
        }
        foreach (var (name, value, low, high) in new[]
        {
            (nameof(MaxLiveConnections), MaxLiveConnections, 1, 10_000), (nameof(MaxConcurrentSegments), MaxConcurrentSegments, 1, 64),
            (nameof(MaxBacktestMegabytes), MaxBacktestMegabytes, 1, 1_024), (nameof(MaxConcurrentBacktests), MaxConcurrentBacktests, 1, 16),
            (nameof(MaxRequestKilobytes), MaxRequestKilobytes, 1, 65_536),
        })
        {
            if (value < low || value > high)
            {
                return $"{SectionName}:{name} is {value}; accepted: {low} to {high}";
            }
        }
        if (SegmentTimeBudget < TimeSpan.FromSeconds(1) || SegmentTimeBudget > TimeSpan.FromHours(1))
        {
            return $"{SectionName}:SegmentTimeBudget is {SegmentTimeBudget}; accepted: 00:00:01 to 01:00:00";
        }
        string? key;
        try
        {
            key = Key;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
        if (key is not null && (key.Length < 16 || key.Any(char.IsWhiteSpace)))
        {
            return $"{SectionName}:ApiKey is too weak; accepted: at least 16 characters without spaces (e.g. the output of 'openssl rand -hex 16')";
        }
        if (!Loopback && key is null)
        {
            return $"{SectionName}:Address is '{Address}', which other machines can reach, and no key is set, so anyone could change " +
                $"campaigns. Set one (--console-key-file FILE, or the environment variable Cdr__Console__ApiKey) or keep the default address (localhost)";
        }
        return null;
    }
}
