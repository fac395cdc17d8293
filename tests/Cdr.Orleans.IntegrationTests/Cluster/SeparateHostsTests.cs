namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// A cluster across hosts: three silos in three network namespaces (<see cref="SeparateHosts"/>), each on the default
/// ports of its own "host", with Redis on the bridge between them. They find each other through Redis membership by
/// the addresses they advertise; a client from a fourth place publishes; one silo is killed with -9; every subscriber's
/// totals are exact. Before silos had an advertised address they all published 127.0.0.1 and never formed a cluster.
/// </summary>
public sealed class SeparateHostsTests(SeparateHosts hosts) : IClassFixture<SeparateHosts>
{
    private const int Partitions = 8;

    [Fact]
    public Task Given_three_silos_on_three_hosts_When_one_is_killed_mid_run_Then_every_subscriber_total_equals_an_independent_fold()
    {
        const string clusterId = "hosts-test";
        string[] settings = [.. ExactTotalsRun.Settings(clusterId, Partitions)];
        return ExactTotalsRun.RunAsync(hosts.Configuration, clusterId, Partitions, seed: 43,
            () =>
            [
                // One names its address, as an operator with several interfaces would; the others take the default.
                SiloProcess.StartOnHost(hosts.Namespace(0), hosts.Configuration, clusterId, [.. settings, "--advertise", hosts.Address(0)]),
                .. Enumerable.Range(1, SeparateHosts.Count - 1).Select(h => SiloProcess.StartOnHost(hosts.Namespace(h), hosts.Configuration, clusterId, settings)),
            ],
            async silos =>
            {
                for (var host = 0; host < SeparateHosts.Count; host++)
                {
                    // The default is the host's address on the route to Redis: here its one interface.
                    Assert.Contains($"silo up: silo {hosts.Address(host)}:11111, gateway {hosts.Address(host)}:30000", silos[host].Output, StringComparison.Ordinal);
                }
                await ExactTotalsRun.KillBusiestAsync(hosts.Configuration, silos, Partitions);
            },
            ExactTotalsRun.AssertOneKilledAndTakenOver);
    }

    [Fact]
    public async Task Given_an_address_this_host_does_not_have_When_a_silo_is_told_to_advertise_it_Then_it_exits_2_naming_it_and_the_addresses_it_has()
    {
        // The first host's address, given on the second host.
        using var silo = SiloProcess.StartOnHost(hosts.Namespace(1), hosts.Configuration, "bad-advertise", "--advertise", hosts.Address(0));
        await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, silo.ExitCode);
        Assert.Contains($"error: Cdr:Silo:AdvertisedAddress (--advertise) is '{hosts.Address(0)}', which is not an address of this host; accepted: ", silo.Output, StringComparison.Ordinal);
        Assert.Contains(hosts.Address(1), silo.Output, StringComparison.Ordinal);
    }
}
