namespace Cdr.Orleans.Silo.Hosting;

/// <summary>Where this silo listens. Section <c>Cdr:Silo</c>; command-line switches in <see cref="SiloCommandLine"/>.</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Cdr:Silo";

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port clients (console, generator) connect to. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Silo port of the primary silo to join; 0 means this silo is the primary. Default 0.</summary>
    public int PrimarySiloPort { get; set; }

    /// <summary>HTTP port of the Orleans Dashboard (http://localhost:PORT/dashboard); 0 turns it off. Default 8080.</summary>
    public int DashboardPort { get; set; } = 8080;

    /// <summary>
    /// Durable mode: the address other silos and clients reach this silo at, published in Redis membership; an address
    /// of this host (or a name resolving to one). Empty (the default): this host's address on the route to Redis.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// Durable mode: the address the silo and gateway ports listen on: an address of this host, or * for every one.
    /// Empty (the default): the advertised address.
    /// </summary>
    public string? ListenAddress { get; set; }

    public string? Validate()
    {
        foreach (var (name, port, zeroAllowed) in new[]
                 {
                     (nameof(SiloPort), SiloPort, false), (nameof(GatewayPort), GatewayPort, false),
                     (nameof(PrimarySiloPort), PrimarySiloPort, true), (nameof(DashboardPort), DashboardPort, true),
                 })
        {
            if (port is < 0 or > 65535 || port == 0 && !zeroAllowed)
            {
                return $"{SectionName}:{name} is {port}; accepted: {(zeroAllowed ? 0 : 1)} to 65535";
            }
        }
        if (SiloPort == GatewayPort || SiloPort == DashboardPort || GatewayPort == DashboardPort)
        {
            return $"{SectionName}: silo port {SiloPort}, gateway port {GatewayPort} and dashboard port {DashboardPort} must differ";
        }
        return null;
    }
}
