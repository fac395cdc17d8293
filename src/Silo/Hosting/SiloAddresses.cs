using Cdr.Orleans.Cluster;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Cdr.Orleans.Silo.Hosting;

/// <summary>
/// The addresses of a durable-mode silo: the one it publishes in Redis membership, where other silos and clients reach
/// it (<see cref="Advertised"/>), and the one its silo and gateway ports listen on (<see cref="Listen"/>).
/// </summary>
/// <remarks>
/// By default a silo advertises its own address on the route to Redis: the interface other hosts of the cluster share
/// with it, found without sending anything (a UDP socket "connected" to Redis's address). With Redis on this host's
/// loopback that is 127.0.0.1, a cluster of one machine, private as before. It listens on the advertised address only,
/// so a silo reachable from one network is not opened to every other network of the host.
/// </remarks>
public sealed record SiloAddresses(IPAddress Advertised, IPAddress Listen)
{
    /// <summary>What <c>--listen</c> accepts for "every address of this host".</summary>
    public static readonly string[] AnyAddress = ["*", "0.0.0.0", "::"];

    /// <summary>Whether the silo is reachable only from this host.</summary>
    public bool LoopbackOnly => IPAddress.IsLoopback(Advertised);

    /// <summary>
    /// The addresses from the settings, or the defaults; <see cref="ArgumentException"/> when a setting names an address
    /// this host does not have, or in embedded mode, whose cluster is one machine by design.
    /// </summary>
    public static SiloAddresses Resolve(SiloOptions silo, CdrClusterOptions cluster)
    {
        if (!cluster.Durable)
        {
            if (!string.IsNullOrWhiteSpace(silo.AdvertisedAddress) || !string.IsNullOrWhiteSpace(silo.ListenAddress))
            {
                throw new ArgumentException($"{SiloOptions.SectionName}:AdvertisedAddress and ListenAddress (--advertise, --listen) need durable mode: " +
                    "an embedded cluster is one machine. Give --redis HOST:PORT to run silos on several hosts (docs/cluster.md)");
            }
            return new SiloAddresses(IPAddress.Loopback, IPAddress.Loopback);
        }
        var local = LocalAddresses();
        var advertised = string.IsNullOrWhiteSpace(silo.AdvertisedAddress)
            ? RouteTo(cluster) ?? IPAddress.Loopback
            : OneOf(local, silo.AdvertisedAddress, "AdvertisedAddress", "--advertise",
                "leave it out to advertise this host's address on the route to Redis");
        var listen = string.IsNullOrWhiteSpace(silo.ListenAddress)
            ? advertised
            : AnyAddress.Contains(silo.ListenAddress.Trim())
                ? advertised.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any
                : OneOf(local, silo.ListenAddress, "ListenAddress", "--listen", "or * for every address; leave it out to listen on the advertised address");
        if (!IPAddress.IsLoopback(advertised) && IPAddress.IsLoopback(listen))
        {
            throw new ArgumentException($"{SiloOptions.SectionName}:ListenAddress is {listen}, but the silo advertises {advertised}: other hosts would be " +
                "sent to an address it does not listen on. Listen on the advertised address, or on * (every address)");
        }
        return new SiloAddresses(advertised, listen);
    }

    /// <summary>Every unicast address of this host's interfaces that are up, loopback included.</summary>
    public static IReadOnlyList<IPAddress> LocalAddresses() =>
        [.. NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(a => a.Address))
            .Where(a => a.AddressFamily is AddressFamily.InterNetwork || a is { AddressFamily: AddressFamily.InterNetworkV6, IsIPv6LinkLocal: false })
            .Distinct()];

    /// <summary><paramref name="text"/> as an address (or a host name resolving to one) of this host, or what is wrong and what is accepted.</summary>
    private static IPAddress OneOf(IReadOnlyList<IPAddress> local, string text, string setting, string option, string otherwise)
    {
        var value = text.Trim();
        IPAddress[] candidates;
        if (IPAddress.TryParse(value.Trim('[', ']'), out var parsed))
        {
            candidates = [parsed];
        }
        else
        {
            try
            {
                candidates = Uri.CheckHostName(value) == UriHostNameType.Dns ? Dns.GetHostAddresses(value) : [];
            }
            catch (SocketException)
            {
                candidates = [];
            }
            if (candidates.Length == 0)
            {
                throw new ArgumentException($"{SiloOptions.SectionName}:{setting} ({option}) is '{value}', which is neither an IP address nor a host name " +
                    $"that resolves; accepted: an address of this host ({string.Join(", ", local)}); {otherwise}");
            }
        }
        return candidates.FirstOrDefault(c => local.Contains(c) || IPAddress.IsLoopback(c))
            ?? throw new ArgumentException($"{SiloOptions.SectionName}:{setting} ({option}) is '{value}', which is not an address of this host; " +
                $"accepted: {string.Join(", ", local)}; {otherwise}");
    }

    /// <summary>This host's address on the route to the first Redis server, or null when its name does not resolve or no route leads there.</summary>
    private static IPAddress? RouteTo(CdrClusterOptions cluster)
    {
        try
        {
            var target = cluster.RedisOptions().EndPoints.FirstOrDefault() switch
            {
                IPEndPoint ip => ip,
                DnsEndPoint dns when Dns.GetHostAddresses(dns.Host) is [var first, ..] => new IPEndPoint(first, dns.Port == 0 ? 6379 : dns.Port),
                _ => null,
            };
            if (target is null)
            {
                return null;
            }
            using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(target); // UDP: picks the route and the source address; sends nothing
            return socket.LocalEndPoint is IPEndPoint { Address: var address } ? address : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
