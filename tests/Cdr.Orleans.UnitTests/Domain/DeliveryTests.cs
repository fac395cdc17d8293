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
}
