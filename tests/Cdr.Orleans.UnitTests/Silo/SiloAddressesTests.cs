using Cdr.Orleans.Cluster;
using System.Net;
using Cdr.Orleans.Silo.Hosting;

namespace Cdr.Orleans.Tests.Silo;

public sealed class SiloAddressesTests
{
    private static readonly CdrClusterOptions Durable = new() { Redis = "127.0.0.1:6379" };

    [Fact]
    public void Given_redis_on_loopback_and_no_address_When_resolved_Then_the_silo_advertises_and_listens_on_loopback_only()
    {
        var addresses = SiloAddresses.Resolve(new SiloOptions(), Durable);

        Assert.Equal(IPAddress.Loopback, addresses.Advertised);
        Assert.Equal(IPAddress.Loopback, addresses.Listen);
        Assert.True(addresses.LoopbackOnly);
    }

    [Fact]
    public void Given_an_address_of_this_host_and_listen_star_When_resolved_Then_it_advertises_that_address_and_listens_on_every_one()
    {
        var own = SiloAddresses.LocalAddresses().First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);

        var addresses = SiloAddresses.Resolve(new SiloOptions { AdvertisedAddress = own.ToString(), ListenAddress = "*" }, Durable);

        Assert.Equal(own, addresses.Advertised);
        Assert.Equal(IPAddress.Any, addresses.Listen);
    }

    [Theory]
    [InlineData("203.0.113.77", null, "Cdr:Silo:AdvertisedAddress (--advertise) is '203.0.113.77', which is not an address of this host; accepted: 127.0.0.1")]
    [InlineData("no-such-host.invalid", null, "Cdr:Silo:AdvertisedAddress (--advertise) is 'no-such-host.invalid', which is neither an IP address nor a host name that resolves")]
    [InlineData("0.0.0.0", null, "Cdr:Silo:AdvertisedAddress (--advertise) is '0.0.0.0', which is not an address of this host")]
    [InlineData(null, "203.0.113.77", "Cdr:Silo:ListenAddress (--listen) is '203.0.113.77', which is not an address of this host")]
    public void Given_an_address_the_silo_cannot_use_When_resolved_Then_the_error_names_it_and_what_is_accepted(string? advertise, string? listen, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => SiloAddresses.Resolve(new SiloOptions { AdvertisedAddress = advertise, ListenAddress = listen }, Durable));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_routable_advertised_address_When_the_silo_would_listen_on_loopback_Then_it_is_refused()
    {
        var own = SiloAddresses.LocalAddresses().FirstOrDefault(a => !IPAddress.IsLoopback(a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            ?? throw new InvalidOperationException("this test needs a network interface besides loopback, as every machine it runs on has");

        var error = Assert.Throws<ArgumentException>(() => SiloAddresses.Resolve(new SiloOptions { AdvertisedAddress = own.ToString(), ListenAddress = "127.0.0.1" }, Durable));

        Assert.Contains("other hosts would be sent to an address it does not listen on", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_embedded_mode_When_an_address_is_given_Then_it_is_refused_as_a_one_machine_cluster()
    {
        var error = Assert.Throws<ArgumentException>(() => SiloAddresses.Resolve(new SiloOptions { AdvertisedAddress = "127.0.0.1" }, new CdrClusterOptions()));

        Assert.Contains("need durable mode", error.Message, StringComparison.Ordinal);
    }
}
