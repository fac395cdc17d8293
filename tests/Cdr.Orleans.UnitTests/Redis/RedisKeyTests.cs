using Cdr.Orleans.Domain.Streams;
using Cdr.Orleans.Infrastructure.Redis.Storage;
using Cdr.Orleans.Infrastructure.Redis.Streams;

namespace Cdr.Orleans.Tests.Redis;

/// <summary>
/// What one script touches shares a Redis Cluster hash tag, and a partition shares its tag with the subscribers whose
/// CDRs it carries; checked by the slot Redis itself would compute (CRC16 of the tag, as StackExchange.Redis does).
/// </summary>
public sealed class RedisKeyTests
{
    private static int SlotOf(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        var close = open < 0 ? -1 : key.IndexOf('}', open + 1);
        Assert.True(open >= 0 && close > open + 1, $"{key} has no hash tag");
        return CheckSum(key[(open + 1)..close]) % 16384;
    }

    // CRC16/XMODEM, Redis Cluster's key hash.
    private static int CheckSum(string text)
    {
        var crc = 0;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            crc ^= b << 8;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return crc & 0xFFFF;
    }

    [Fact]
    public void Given_a_partition_When_its_keys_are_named_Then_its_stream_its_fence_and_its_subscribers_states_share_one_slot()
    {
        var options = new RedisStreamOptions();
        const string msisdn = "+447700900123";
        var partition = Partitioner.PartitionOf(msisdn, 32);

        var slot = SlotOf(options.KeyOf(partition));

        Assert.Equal($"cdr:partition:{{p{partition}}}", options.KeyOf(partition));
        Assert.Equal(slot, SlotOf(options.ReaderKeyOf(partition)));
        Assert.Equal(slot, SlotOf(RedisGroupCommitStorage.SubscriberKey("cdr-orleans", msisdn, 32)));
        Assert.Equal($"cdr-orleans/state/{{p{partition}}}/subscriber/{msisdn}/subscriber", RedisGroupCommitStorage.SubscriberKey("cdr-orleans", msisdn, 32));
    }

    [Fact]
    public void Given_an_offer_When_its_keys_are_named_Then_its_guard_and_the_offer_stream_share_one_slot()
    {
        var options = new RedisStreamOptions();

        Assert.Equal(SlotOf(options.OfferStreamKey), SlotOf(options.OfferGuardKeyOf("offer-123")));
        Assert.Equal("{cdr:offers}", options.OfferStreamKey);
    }

    [Fact]
    public void Given_the_partitions_When_their_slots_are_computed_Then_they_spread_over_more_than_one_master_of_three()
    {
        var options = new RedisStreamOptions();
        // Three masters split the slots in thirds, as redis-cli --cluster create does.
        var thirds = Enumerable.Range(0, 32).Select(p => SlotOf(options.KeyOf(p)) * 3 / 16384).Distinct().Count();

        Assert.Equal(3, thirds);
    }

    [Theory]
    [InlineData("cdr:{x}:", "cdr:offers")]
    [InlineData("cdr:partition:", "{offers}")]
    public void Given_a_key_setting_with_braces_When_validated_Then_it_is_refused_since_the_engine_adds_the_tags(string prefix, string offers)
    {
        var error = new RedisStreamOptions { KeyPrefix = prefix, OfferKey = offers }.Validate();

        Assert.Equal("Cdr:RedisStreams: KeyPrefix and OfferKey must not hold braces: the engine adds the Redis Cluster hash tags itself", error);
    }

    [Theory]
    [InlineData("+447700900123")]
    [InlineData("+1")]
    [InlineData("not/a number")]
    public void Given_a_subscriber_state_key_When_the_roster_reads_it_Then_it_gives_back_the_number(string msisdn) =>
        Assert.Equal(msisdn, RedisSubscriberRoster.NumberOf(RedisGroupCommitStorage.SubscriberKey("svc/with/slashes", msisdn, 64)));

    [Theory]
    [InlineData("svc/state/roster/0/roster")]
    [InlineData("svc/state/{p1}/subscriber//subscriber")]
    [InlineData("svc/layout")]
    public void Given_a_key_that_is_no_subscriber_state_When_the_roster_reads_it_Then_it_is_skipped(string key) =>
        Assert.Null(RedisSubscriberRoster.NumberOf(key));
}
