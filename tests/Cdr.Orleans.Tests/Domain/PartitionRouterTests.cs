using Cdr.Orleans.Grains.Partitions;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Domain;

public sealed class PartitionRouterTests
{
    [Fact]
    public void Given_a_batch_When_routed_Then_each_subscriber_gets_its_outgoing_and_home_network_incoming_once()
    {
        var aliceToBob = Voice(Alice, Bob, T0, 60);
        var aliceToGermany = Voice(Alice, "+4915112345678", T0, 60, country: "DE");
        var bobToAlice = Sms(Bob, Alice, T0);
        var carolData = Data(Carol, T0, 10);

        var routed = PartitionRouter.Route(3, 77, [aliceToBob, aliceToGermany, bobToAlice, carolData], "GB");

        Assert.Equal([Alice, Bob, Carol], routed.Keys.Order());
        Assert.Equal([aliceToBob, aliceToGermany], routed[Alice].Outgoing);
        Assert.Equal([bobToAlice], routed[Alice].Incoming);
        Assert.Equal([bobToAlice], routed[Bob].Outgoing);
        Assert.Equal([aliceToBob], routed[Bob].Incoming);
        Assert.Equal([carolData], routed[Carol].Outgoing);
        Assert.Empty(routed[Carol].Incoming);
        Assert.All(routed.Values, b => Assert.Equal((3, 77L), (b.Partition, b.Position)));
    }
}
