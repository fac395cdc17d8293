using System.Diagnostics;
using System.Globalization;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// Three stand-ins for separate hosts: network namespaces (<c>ip netns</c>), each with its own loopback and one
/// interface, a veth pair whose other end is on a bridge in this namespace, with a redis-server listening on the
/// bridge. A process in a host namespace reaches the others and Redis only through the bridge, by address, as across
/// a network; its 127.0.0.1 is its own. Needs root (as <c>.ci/run</c> runs) and iproute2 (installed when missing).
/// </summary>
public sealed class SeparateHosts : RedisServer
{
    public const int Count = 3;

    // A subnet of its own per test process, so that two runs on one machine do not meet.
    private readonly int subnet = 16 + (Environment.ProcessId % 200);

    private string BridgeName => $"cdrbr{subnet}";

    public string Namespace(int host) => $"cdr{subnet}h{host}";

    /// <summary>The bridge's address in this namespace, where Redis listens for the hosts.</summary>
    public string BridgeAddress => $"10.231.{subnet}.1";

    public string Address(int host) => $"10.231.{subnet}.{11 + host}";

    // Redis refuses clients from other hosts until it has a password (protected mode), as an operator's would.
    private const string Password = "hosts-s3cret";

    public override string Configuration => $"{BridgeAddress}:{Port},password={Password}";

    protected override IEnumerable<string> Arguments => [.. base.Arguments, "--requirepass", Password];

    protected override IEnumerable<string> Bind => ["127.0.0.1", BridgeAddress];

    protected override void Prepare()
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException($"the multi-host tests make network namespaces (ip netns), which needs root; running as {Environment.UserName}");
        }
        DebianPackage.EnsureAsync("ip", "iproute2").GetAwaiter().GetResult();
        RemoveLeftovers();
        Ip("link", "add", BridgeName, "type", "bridge");
        Ip("addr", "add", $"{BridgeAddress}/24", "dev", BridgeName);
        Ip("link", "set", BridgeName, "up");
        for (var host = 0; host < Count; host++)
        {
            string ns = Namespace(host), outside = $"cdr{subnet}v{host}", inside = $"cdr{subnet}e{host}";
            Ip("netns", "add", ns);
            Ip("link", "add", outside, "type", "veth", "peer", "name", inside);
            Ip("link", "set", inside, "netns", ns);
            Ip("link", "set", outside, "master", BridgeName);
            Ip("link", "set", outside, "up");
            Ip("-n", ns, "link", "set", "lo", "up");
            Ip("-n", ns, "addr", "add", $"{Address(host)}/24", "dev", inside);
            Ip("-n", ns, "link", "set", inside, "up");
            Ip("-n", ns, "route", "add", "default", "via", BridgeAddress);
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        RemoveLeftovers();
    }

    /// <summary>What a run killed before its cleanup left behind: namespaces (their veth ends go with them) and the bridge.</summary>
    private void RemoveLeftovers()
    {
        for (var host = 0; host < Count; host++)
        {
            Ip(check: false, "netns", "delete", Namespace(host));
        }
        Ip(check: false, "link", "delete", BridgeName);
    }

    private static void Ip(params string[] arguments) => Ip(check: true, arguments);

    private static void Ip(bool check, params string[] arguments)
    {
        using var ip = Process.Start(new ProcessStartInfo("ip", arguments) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("cannot run ip (iproute2); install it: apt-get install -y iproute2");
        var error = ip.StandardError.ReadToEnd();
        ip.WaitForExit();
        if (check && ip.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({ip.ExitCode.ToString(CultureInfo.InvariantCulture)}): {error.Trim()}");
        }
    }
}
