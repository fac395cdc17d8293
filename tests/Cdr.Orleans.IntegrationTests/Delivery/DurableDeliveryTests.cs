using Cdr.Orleans.Cluster;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Infrastructure.Redis.Streams;
using Cdr.Orleans.Tests.Cluster;

namespace Cdr.Orleans.Tests.Delivery;

/// <summary>
/// Durable mode: the delivery queue is the offer stream in Redis. Offers retrying against a gateway that is down when
/// their silo is killed with -9 are taken over by another silo and delivered once the gateway is back: every sent
/// offer reaches the receiver, each acted on once; none is lost.
/// </summary>
[Collection(KillRuns.Collection)]
public sealed class DurableDeliveryTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int Partitions = 4;

    [Fact]
    public async Task Given_offers_retrying_when_their_silo_is_killed_When_another_silo_runs_Then_each_sent_offer_is_delivered_once()
    {
        const string clusterId = "durable-delivery-test";
        await using var receiver = await OfferReceiver.StartAsync();
        receiver.Failing = true;
        string[] settings =
        [
            .. ExactTotalsRun.Settings(clusterId, Partitions),
            "--Cdr:Delivery:Channels:push:Kind=Webhook", $"--Cdr:Delivery:Channels:push:Url={receiver.Url}",
            $"--Cdr:Delivery:Channels:push:Secret={OfferReceiver.Secret}", "--Cdr:Delivery:Channels:push:RetryFirst=00:00:00.2",
            "--Cdr:Delivery:Channels:push:RetryLongest=00:00:01",
        ];
        var campaign = Campaigns.ShippedCampaigns.Load("night-pack") with
        {
            Id = "durable-push", Trigger = "Cdr.Type == \"voice\"", ControlShare = 0.2, Caps = new CampaignCaps { PerSubscriber = 1 },
            Offer = new OfferSpec { Code = "PUSH-D", Text = "A durable push offer", Channel = "push", Value = 1 },
        };
        var first = SiloProcess.Start(redis.Configuration, clusterId, settings);
        SiloProcess? second = null;
        try
        {
            await first.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
            await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
            var offers = new RedisStreamOptions().OfferStreamKey;
            using (var host = await SiloProcess.ConnectAsync(redis.Configuration, clusterId, Partitions))
            {
                var client = host.Client();
                Assert.True((await client.GetGrain<ICampaignRegistryGrain>(0).CreateAsync(campaign, replace: false)).Ok);
                var publisher = new CdrPublisher(client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = Partitions, BatchSize = 16 });
                var now = DateTime.UtcNow;
                var probe = 0;
                await Eventually.UntilAsync(async () =>
                {
                    // A CDR of a new caller each time, until the silo's catalog has the campaign and one is decided.
                    await publisher.PublishAsync(Cdrs.Voice($"+4477126{probe++:00000}", Cdrs.Bob, now.AddMinutes(-5), 60));
                    await publisher.FlushAsync();
                    return await connection.GetDatabase().StreamLengthAsync(offers) > 0;
                }, "the campaign deciding on the silo", TimeSpan.FromSeconds(30));
                foreach (var i in Enumerable.Range(0, 150))
                {
                    await publisher.PublishAsync(Cdrs.Voice($"+4477125{i:00000}", Cdrs.Bob, now.AddMinutes(-5), 60));
                }
                await publisher.FlushAsync();
            }
            // Every offer stored, and the gateway refused each at least once: all are retrying in the first silo.
            await Eventually.UntilAsync(async () => (await connection.GetDatabase().StreamRangeAsync(offers)).Count(e => ((string?)e["msisdn"])!.StartsWith("+4477125", StringComparison.Ordinal)) == 150,
                "150 decisions in the offer stream", TimeSpan.FromSeconds(60));
            async Task<HashSet<string>> SentAsync() =>
                (await connection.GetDatabase().StreamRangeAsync(offers)).Where(e => e["outcome"] == "sent").Select(e => (string)e["id"]!).ToHashSet();
            // Every sent offer attempted and pending for the first silo (held-out ones were acknowledged): only a takeover
            // can deliver them. The set is read again each time: a probe's decision may reach the stream after the 150.
            var sent = new HashSet<string>();
            await Eventually.UntilAsync(async () =>
            {
                sent = await SentAsync();
                return receiver.Attempts >= sent.Count && (await connection.GetDatabase().StreamPendingAsync(offers, "cdr-delivery")).PendingMessageCount == sent.Count;
            }, () => $"an attempt at each of the {sent.Count} sent offers, every one pending for the first silo", TimeSpan.FromSeconds(60));
            Assert.Empty(receiver.Received);

            first.Kill();
            receiver.Failing = false;
            second = SiloProcess.Start(redis.Configuration, clusterId, settings);
            await second.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
            // A decision the killed silo made and had not yet stored is made again by the second (same id) once it has
            // taken over the CDRs: with every partition drained, the stream is the reference.
            await ExactTotalsRun.DrainAsync(connection.GetDatabase(), Partitions);
            var stored = sent;
            await Eventually.UntilAsync(async () => receiver.Received.Count >= (stored = await SentAsync()).Count,
                () => $"each of the {stored.Count} sent offers delivered ({receiver.Received.Count} so far)", TimeSpan.FromSeconds(120));
            Assert.Superset(sent, stored);
            sent = stored;

            // The control group's share of the 150 held out (the probes' decisions are sent offers too, so not counted here).
            var sentOfTheLoad = (await connection.GetDatabase().StreamRangeAsync(offers))
                .Count(e => e["outcome"] == "sent" && ((string?)e["msisdn"])!.StartsWith("+4477125", StringComparison.Ordinal));
            Assert.InRange(sentOfTheLoad, 90, 149);
            Assert.Empty(receiver.Received.Keys.Except(sent)); // nothing held out or unknown was sent
            Assert.Equal(sent.Order(), receiver.Received.Keys.Order());
            Assert.Equal(0, receiver.Unverified);
            // Each entry is acknowledged once its offer's final status is stored, right after the receiver's answer.
            await Eventually.UntilAsync(async () => (await connection.GetDatabase().StreamPendingAsync(offers, "cdr-delivery")).PendingMessageCount == 0,
                "every entry acknowledged", TimeSpan.FromSeconds(30));
            var statuses = await Task.WhenAll(sent.Select(id => connection.GetDatabase().StringGetAsync($"{offers}:delivery:{id}")));
            Assert.All(statuses, s => Assert.Contains("\"status\":1", (string?)s, StringComparison.Ordinal)); // delivered, as stored in Redis
        }
        finally
        {
            first.Dispose();
            second?.Dispose();
        }
    }
}
