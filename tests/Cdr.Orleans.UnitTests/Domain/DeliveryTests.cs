using System.Text;
using System.Text.Json;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Delivery;

namespace Cdr.Orleans.Tests.Domain;

/// <summary>What a delivery channel sends (the message, its signature) and when it tries again or waits.</summary>
public sealed class DeliveryTests
{
    private const string Secret = "a-shared-secret-of-at-least-32-characters";
    private static readonly byte[] Body = """{"id":"offer-1"}"""u8.ToArray();
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void Given_a_body_and_a_timestamp_When_signed_Then_the_signature_is_the_hmac_sha256_of_timestamp_dot_body()
    {
        // Computed apart: printf '1700000000.{"id":"offer-1"}' | openssl dgst -sha256 -hmac SECRET
        Assert.Equal("sha256=ad845bc5cef01da5f5bcc1b0d11362d0ccf5d0a9131939d154737418dba8467f", WebhookSignature.Sign(Secret, 1_700_000_000, Body));
        Assert.True(WebhookSignature.Verify(Secret, "1700000000", Body, WebhookSignature.Sign(Secret, 1_700_000_000, Body), Now, TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("1700000000", """{"id":"offer-2"}""", Secret)] // the body changed
    [InlineData("1699999000", """{"id":"offer-1"}""", Secret)] // replayed 1,000 s later
    [InlineData("1700000000", """{"id":"offer-1"}""", "another-secret-of-at-least-32-characters")]
    [InlineData("-1", """{"id":"offer-1"}""", Secret)]
    [InlineData(null, """{"id":"offer-1"}""", Secret)]
    public void Given_a_request_that_was_changed_replayed_or_signed_with_another_key_When_verified_Then_it_is_refused(string? timestamp, string body, string secret)
    {
        var signature = WebhookSignature.Sign(secret, long.TryParse(timestamp, out var t) ? t : 1_700_000_000, Body);

        Assert.False(WebhookSignature.Verify(Secret, timestamp, Encoding.UTF8.GetBytes(body), signature, Now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Given_a_sent_offer_When_made_a_message_Then_its_json_has_the_documented_names()
    {
        var decision = new OfferDecision("o-1", "night-pack", "+447700900001", "cdr-1", new DateTime(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc),
            OfferOutcome.Sent, "NIGHT5", "5 GB at night", "sms", 4.5m, new Dictionary<string, string>(), DecidedUtc: new DateTime(2026, 12, 3, 10, 0, 1, DateTimeKind.Utc));

        var json = JsonDocument.Parse(OfferMessage.Of(decision).ToJson()).RootElement;

        Assert.Equal(["id", "campaign", "msisdn", "channel", "offerCode", "text", "value", "cdrId", "cdrStartUtc", "decidedUtc"],
            json.EnumerateObject().Select(p => p.Name)); // no propensity: null is left out
        Assert.Equal(("o-1", 4.5m, "2026-12-03T10:00:01Z"), (json.GetProperty("id").GetString(), json.GetProperty("value").GetDecimal(), json.GetProperty("decidedUtc").GetString()));
    }

    [Fact]
    public void Given_failures_When_the_next_attempt_is_scheduled_Then_the_wait_doubles_up_to_the_longest_and_stops_at_the_give_up_time()
    {
        var schedule = new RetrySchedule(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1));
        var queued = Now.UtcDateTime;

        Assert.Equal([0.5, 1, 1, 2, 5, 5], new[] { 1, 1, 2, 3, 5, 30 }.Select((f, i) => schedule.After(f, i == 1 ? 1 : 0).TotalSeconds));
        Assert.InRange(schedule.After(3, 0.5).TotalSeconds, 2, 4);
        Assert.Equal(queued.AddSeconds(55), schedule.Next(queued, queued.AddSeconds(50), failures: 10, draw: 0));
        Assert.Null(schedule.Next(queued, queued.AddSeconds(56), failures: 10, draw: 0)); // 56 + 5 s is past the minute
    }

    [Fact]
    public void Given_a_rate_of_two_a_second_When_sends_are_taken_Then_the_third_waits_half_a_second()
    {
        var start = Now.UtcDateTime;
        var bucket = new TokenBucket(2, start);

        Assert.True(bucket.TryTake(start, out _));
        Assert.True(bucket.TryTake(start, out _));
        Assert.False(bucket.TryTake(start, out var wait));
        Assert.Equal(TimeSpan.FromSeconds(0.5), wait);
        Assert.True(bucket.TryTake(start.AddSeconds(0.5), out _));
        Assert.False(bucket.TryTake(start.AddSeconds(0.5), out _));
    }

    [Fact]
    public void Given_a_rate_of_five_a_second_When_thirty_are_taken_at_once_Then_they_pass_and_the_next_waits_until_they_are_paid_for()
    {
        var start = Now.UtcDateTime;
        var bucket = new TokenBucket(5, start);

        Assert.True(bucket.TryTake(start, 30, out _)); // more than a second's worth, from a full bucket
        Assert.False(bucket.TryTake(start.AddSeconds(4), 1, out var wait));
        Assert.Equal(TimeSpan.FromSeconds(1.2), wait); // -25 + 4 s x 5 = -5: six more tokens to reach 1
        Assert.True(bucket.TryTake(start.AddSeconds(5.2), 1, out _));
    }
}

/// <summary>A delivery setting that cannot work stops the silo at start with one line naming it and what is accepted.</summary>
public sealed class DeliveryOptionsTests
{
    private const string Secret = "a-shared-secret-of-at-least-32-characters";

    private static string? Check(string channel, Grains.Delivery.ChannelOptions options) =>
        new Grains.Delivery.DeliveryOptions { Channels = { [channel] = options } }.Validate();

    [Theory]
    [InlineData("sms", "ftp://gateway.example.com/offers", Secret, "Cdr:Delivery:Channels:sms:Url is 'ftp://gateway.example.com/offers'; a webhook needs an absolute http or https address")]
    [InlineData("sms", "/offers", Secret, "Cdr:Delivery:Channels:sms:Url is '/offers'; a webhook needs an absolute http or https address")]
    [InlineData("sms", "https://gateway.example.com/offers", "short", "Cdr:Delivery:Channels:sms:Secret is 5 characters; a webhook's secret must be at least 32")]
    [InlineData("fax", "https://gateway.example.com/offers", Secret, "Cdr:Delivery:Channels:fax is not an offer channel; accepted: sms, in-app, push, email")]
    public void Given_a_webhook_that_cannot_work_When_validated_Then_the_error_names_the_setting(string channel, string url, string secret, string expected) =>
        Assert.StartsWith(expected, Check(channel, new() { Kind = Grains.Delivery.ChannelKind.Webhook, Url = url, Secret = secret }), StringComparison.Ordinal);

    [Theory]
    [InlineData("", "offers", "Cdr:Delivery:Channels:sms:Brokers is empty; give the Kafka brokers as host:port[,host:port...]")]
    [InlineData("kafka1", "offers", "Cdr:Delivery:Channels:sms:Brokers holds 'kafka1'; each broker is host:port")]
    [InlineData("kafka1:9092,kafka2:99999", "offers", "Cdr:Delivery:Channels:sms:Brokers holds 'kafka2:99999'; each broker is host:port")]
    [InlineData("kafka1:9092", "", "Cdr:Delivery:Channels:sms:Topic is ''; a Kafka topic is 1 to 249 letters, digits, '.', '_' or '-'")]
    [InlineData("kafka1:9092", "offers/sms", "Cdr:Delivery:Channels:sms:Topic is 'offers/sms'; a Kafka topic is 1 to 249 letters")]
    public void Given_a_kafka_channel_that_cannot_work_When_validated_Then_the_error_names_the_setting(string brokers, string topic, string expected) =>
        Assert.StartsWith(expected, Check("sms", new() { Kind = Grains.Delivery.ChannelKind.Kafka, Brokers = brokers, Topic = topic }), StringComparison.Ordinal);

    [Fact]
    public void Given_a_kafka_channel_with_its_security_passed_through_When_validated_Then_it_is_taken_unless_it_sets_the_brokers_again()
    {
        var channel = new Grains.Delivery.ChannelOptions
        {
            Kind = Grains.Delivery.ChannelKind.Kafka, Brokers = "kafka1:9093,kafka2:9093", Topic = "cdr.offers",
            Kafka = { ["security.protocol"] = "SASL_SSL", ["sasl.mechanism"] = "SCRAM-SHA-512" },
        };
        Assert.Null(Check("sms", channel));
        channel.Kafka["bootstrap.servers"] = "elsewhere:9092";
        Assert.Equal("Cdr:Delivery:Channels:sms:Kafka:bootstrap.servers is given; the brokers are Cdr:Delivery:Channels:sms:Brokers", Check("sms", channel));
    }

    [Fact]
    public void Given_limits_out_of_range_When_validated_Then_each_is_refused_and_a_good_channel_is_taken()
    {
        Grains.Delivery.ChannelOptions Good() => new() { Kind = Grains.Delivery.ChannelKind.Webhook, Url = "https://gateway.example.com/offers", Secret = Secret };

        Assert.Null(Check("push", Good()));
        Assert.Null(Check("email", new() { Kind = Grains.Delivery.ChannelKind.File, Path = "offers.jsonl" }));
        Assert.StartsWith("Cdr:Delivery:Channels:push:Timeout is 00:00:00;", Check("push", new Grains.Delivery.ChannelOptions { Kind = Grains.Delivery.ChannelKind.File, Timeout = TimeSpan.Zero }), StringComparison.Ordinal);
        var noRate = Good();
        noRate.RatePerSecond = double.NaN;
        Assert.StartsWith("Cdr:Delivery:Channels:push:RatePerSecond is NaN;", Check("push", noRate), StringComparison.Ordinal);
        var backwards = Good();
        backwards.RetryLongest = TimeSpan.FromMilliseconds(1);
        Assert.StartsWith("Cdr:Delivery:Channels:push:RetryFirst is 00:00:01 and RetryLongest 00:00:00.0010000;", Check("push", backwards), StringComparison.Ordinal);
        var both = Good();
        both.SecretFile = "/run/secrets/push";
        Assert.Equal("Cdr:Delivery:Channels:push has both Secret and SecretFile; give one", Check("push", both));
    }
}
