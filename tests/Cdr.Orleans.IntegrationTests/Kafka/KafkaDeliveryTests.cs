using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Delivery;
using Cdr.Orleans.Grains.Delivery;
using Cdr.Orleans.Infrastructure.Kafka.Delivery;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdr.Orleans.Tests.Kafka;

/// <summary>
/// Offers out to a Kafka topic through the dispatcher, as a silo sends them: librdkafka's mock brokers take them, and a
/// consumer reads each offer once, keyed by its subscriber, with its id as the idempotency key; brokers that cannot be
/// reached leave each offer to be tried again with a reason that says so.
/// </summary>
public sealed class KafkaDeliveryTests(KafkaMockCluster kafka) : IClassFixture<KafkaMockCluster>
{
    [Fact]
    public async Task Given_a_kafka_channel_When_offers_are_dispatched_Then_each_is_on_the_topic_once_keyed_by_subscriber_with_its_id()
    {
        const string topic = "cdr-offers";
        var ended = new ConcurrentDictionary<string, OfferDelivery>(StringComparer.Ordinal);
        using var channel = new KafkaOfferChannel(kafka.Brokers, topic, TimeSpan.FromSeconds(10), passThrough: null);
        var route = new ChannelRoute("sms", $"sms {channel.Describe}", channel, RatePerSecond: 1_000, MaxInFlight: 32,
            new RetrySchedule(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)));
        void Report(OfferDelivery delivery)
        {
            if (delivery.Status.Ended())
            {
                ended[delivery.OfferId] = delivery;
            }
        }
        using var dispatcher = new OfferDispatcher([route], Report, TimeProvider.System, NullLogger<OfferDispatcher>.Instance);
        await dispatcher.StartAsync(CancellationToken.None);
        var offers = Enumerable.Range(0, 200).Select(i => Offer($"offer-{i:D3}", $"+4477009{i % 20:D5}")).ToList();

        dispatcher.Enqueue(offers);
        await Cluster.Eventually.UntilAsync(() => ended.Count == offers.Count, $"{offers.Count} offers ended", TimeSpan.FromSeconds(60));
        await dispatcher.StopAsync(CancellationToken.None);

        Assert.All(ended.Values, d => Assert.Equal(DeliveryStatus.Delivered, d.Status));
        var messages = kafka.ReadAll(topic, offers.Count + 1, TimeSpan.FromSeconds(10));
        Assert.Equal(offers.Count, messages.Count); // each once: none more came in the time it took to read them
        var byId = messages.ToDictionary(m => Encoding.UTF8.GetString(m.Message.Headers.GetLastBytes(KafkaOfferChannel.IdempotencyHeader)));
        Assert.Equal(offers.Select(o => o.Id).Order(), byId.Keys.Order());
        foreach (var offer in offers)
        {
            var message = byId[offer.Id];
            Assert.Equal(offer.Msisdn, message.Message.Key);
            var body = JsonDocument.Parse(message.Message.Value).RootElement;
            Assert.Equal((offer.Id, offer.Msisdn, offer.OfferCode), (body.GetProperty("id").GetString(), body.GetProperty("msisdn").GetString(), body.GetProperty("offerCode").GetString()));
        }
        // Keyed by subscriber: each subscriber's offers are on one partition, so they are read in the order sent.
        Assert.All(messages.GroupBy(m => m.Message.Key), g => Assert.Single(g.Select(m => m.Partition.Value).Distinct()));
    }

    [Fact]
    public async Task Given_brokers_that_cannot_be_reached_When_an_offer_is_sent_Then_it_is_to_be_tried_again_and_the_reason_says_so()
    {
        using var channel = new KafkaOfferChannel($"127.0.0.1:{Cluster.SiloProcess.FreePort()}", "cdr-offers", TimeSpan.FromSeconds(2), passThrough: null);
        var result = await channel.SendAsync(Offer("offer-x", "+447700900001"), CancellationToken.None);
        Assert.Equal(SendOutcome.Retry, result.Outcome);
        Assert.StartsWith("Kafka: not acknowledged in time by the brokers at 127.0.0.1:", result.Error, StringComparison.Ordinal);
    }

    private static OfferDecision Offer(string id, string msisdn) => new(
        id, "night-pack", msisdn, "cdr-" + id, DateTime.UtcNow, OfferOutcome.Sent, "NIGHT5", "5 GB at night", "sms", 4.5m,
        new Dictionary<string, string>(), DecidedUtc: DateTime.UtcNow);
}
