using System.Net;

namespace Cdr.Orleans.Contracts.Hosting;

/// <summary>Which cluster a silo joins or a client connects to. Section <c>Cdr:Cluster</c>.</summary>
public sealed class CdrClusterOptions
{
    public const string SectionName = "Cdr:Cluster";

    /// <summary>Silos and clients of one cluster share it. Default "cdr-dev".</summary>
    public string ClusterId { get; set; } = "cdr-dev";

    /// <summary>Stays the same across deployments of the service (grain state is keyed by it). Default "cdr-orleans".</summary>
    public string ServiceId { get; set; } = "cdr-orleans";

    /// <summary>Gateways a client may connect to, comma-separated host:port. Default "localhost:30000".</summary>
    public string Gateways { get; set; } = "localhost:30000";

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
                : IPAddress.TryParse(host, out var ip) ? ip : Dns.GetHostAddresses(host).First();
            endpoints.Add(new IPEndPoint(address, port));
        }
        if (endpoints.Count == 0)
        {
            throw new FormatException($"no gateway given in '{Gateways}'; accepted: host:port[,host:port...]");
        }
        return endpoints;
    }
}
