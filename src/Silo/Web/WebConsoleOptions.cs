using System.Net;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// The web console each silo serves. Section <c>Cdr:Console</c>; switches <c>--console-port</c>,
/// <c>--console-address</c>, <c>--console-key</c>.
/// </summary>
public sealed class WebConsoleOptions
{
    public const string SectionName = "Cdr:Console";

    /// <summary>Its HTTP port: unset means the dashboard's port (the console at /, the dashboard at /dashboard); 0 turns it off.</summary>
    public int? Port { get; set; }

    /// <summary>The address the silo's HTTP listener binds (console and dashboard). Default <c>localhost</c>: this machine only.</summary>
    public string Address { get; set; } = "localhost";

    /// <summary>
    /// The key that requests which change state (campaigns, the demo's load) must carry in the <c>X-Api-Key</c> header.
    /// Unset: no key is asked for, which is allowed only on a loopback address.
    /// </summary>
    public string? ApiKey { get; set; }

    public bool Loopback => Address is "localhost" || IPAddress.TryParse(Address.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);

    /// <summary>The port it is served on, given the dashboard's; 0 when it is off.</summary>
    public int PortWith(int dashboardPort) => Port ?? dashboardPort;

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
        if (ApiKey is { } key && (key.Length < 16 || key.Any(char.IsWhiteSpace)))
        {
            return $"{SectionName}:ApiKey is too weak; accepted: at least 16 characters without spaces (e.g. the output of 'openssl rand -hex 16')";
        }
        if (!Loopback && string.IsNullOrEmpty(ApiKey))
        {
            return $"{SectionName}:Address is '{Address}', which other machines can reach, and no {SectionName}:ApiKey is set, so anyone " +
                "could change campaigns. Set a key (--console-key KEY) or keep the default address (localhost)";
        }
        return null;
    }
}
