using Cdr.Orleans.Domain;
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

        var routed = PartitionRouter.Route(3, 77, [aliceToBob, aliceToGermany, bobToAlice, carolData], HomeNetwork.Default);

        Assert.Equal([Alice, Bob, Carol], routed.Keys.Order());
        Assert.Equal([aliceToBob, aliceToGermany], routed[Alice].Outgoing);
        Assert.Equal([bobToAlice], routed[Alice].Incoming);
        Assert.Equal([bobToAlice], routed[Bob].Outgoing);
        Assert.Equal([aliceToBob], routed[Bob].Incoming);
        Assert.Equal([carolData], routed[Carol].Outgoing);
        Assert.Empty(routed[Carol].Incoming);
        Assert.All(routed.Values, b => Assert.Equal((3, 77L), (b.Partition, b.Position)));
    }

    [Theory]
    [InlineData("+447700000009", "+4477", true)]
    [InlineData("+447800000009", "+4477", false)]
    [InlineData("+442071234567", "+4477,+4420", true)]
    [InlineData("+447800000009", "", true)]
    public void Given_on_net_prefixes_When_routed_Then_only_callees_in_them_get_the_incoming_call(string callee, string prefixes, bool counted)
    {
        var network = new HomeNetwork("GB", prefixes.Split(',', StringSplitOptions.RemoveEmptyEntries));
        var call = Voice(Alice, callee, T0, 60);

        var routed = PartitionRouter.Route(0, 1, [call], network);

        Assert.Equal(counted, routed.ContainsKey(callee));
        Assert.Equal([call], routed[Alice].Outgoing);
    }
}
