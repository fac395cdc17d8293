using System.Collections.Concurrent;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Delivery;
using Cdr.Orleans.Grains.Delivery;
using Cdr.Orleans.Infrastructure.Delivery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdr.Orleans.Tests.Delivery;

/// <summary>
/// Offers through a webhook to a real HTTP receiver on loopback that fails 30% of requests and sometimes answers after
/// the engine's timeout (having acted on the offer). The receiver honours the idempotency key, as the contract asks.
/// Every offer ends delivered and acted on exactly once, or failed with the receiver's reason; none vanishes.
/// </summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private const int Offers = 300;
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(400);

    private readonly Random chance = new(7);
    private OfferReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await OfferReceiver.StartAsync(Refuse, LateAsync);

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    /// <summary>Offers coded BAD are refused for good (they fail with this reason); 30% of the rest get a 503.</summary>
    private IResult? Refuse(OfferMessage message) =>
        message.OfferCode == "BAD" ? Results.BadRequest() : Roll() < 0.3 ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable) : null;

    /// <summary>A seventh of the offers acted on (10% of requests) are answered after the engine stopped waiting.</summary>
    private Task LateAsync(OfferMessage message) => Roll() < 1.0 / 7 ? Task.Delay(Timeout * 3) : Task.CompletedTask;

    private double Roll()
    {
        lock (chance)
        {
            return chance.NextDouble();
        }
    }

    [Fact]
    public async Task Given_a_receiver_that_fails_and_answers_late_When_offers_are_dispatched_Then_each_is_delivered_once_or_failed_with_its_reason()
    {
        var final = new ConcurrentDictionary<string, OfferDelivery>(StringComparer.Ordinal);
        var seen = new ConcurrentDictionary<string, List<DeliveryStatus>>(StringComparer.Ordinal);
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Report(OfferDelivery delivery)
        {
            seen.GetOrAdd(delivery.OfferId, _ => []).Add(delivery.Status);
            if (delivery.Status.Ended())
            {
                Assert.True(final.TryAdd(delivery.OfferId, delivery), $"offer {delivery.OfferId} ended twice");
                if (final.Count == Offers)
                {
                    allDone.TrySetResult();
                }
            }
        }
        using var channel = new WebhookChannel(receiver.Url, OfferReceiver.Secret, Timeout, TimeProvider.System);
        var route = new ChannelRoute("sms", "gateway", channel, RatePerSecond: 400, MaxInFlight: 16,
            new RetrySchedule(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(300), TimeSpan.FromMinutes(2)));
        using var dispatcher = new OfferDispatcher([route], Report, TimeProvider.System, NullLogger<OfferDispatcher>.Instance);
        await dispatcher.StartAsync(CancellationToken.None);
        var offers = Enumerable.Range(0, Offers).Select(i => Offer($"offer-{i}", code: i % 25 == 0 ? "BAD" : "NIGHT5")).ToList();

        dispatcher.Enqueue(offers);
        dispatcher.Enqueue([Offer("held-out", "NIGHT5") with { Outcome = OfferOutcome.HeldOut }, Offer("by-post", "NIGHT5") with { Channel = "post" }]);
        await allDone.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await dispatcher.StopAsync(CancellationToken.None);

        Assert.Equal(offers.Select(o => o.Id).Order(), final.Keys.Order()); // every offer ended; neither the held-out one nor the unrouted one was sent
        Assert.All(final.Values, d => Assert.Equal("gateway", d.Channel));
        var delivered = final.Values.Where(d => d.Status == DeliveryStatus.Delivered).Select(d => d.OfferId).ToHashSet();
        var failed = final.Values.Where(d => d.Status != DeliveryStatus.Delivered).ToList();
        Assert.Equal(Offers / 25, failed.Count);
        Assert.All(failed, d => Assert.Equal((DeliveryStatus.Failed, "HTTP 400 Bad Request"), (d.Status, d.LastError)));
        Assert.Equal(delivered.Order(), receiver.Received.Keys.Order()); // acted on exactly the delivered ones, each once (keys are unique)
        Assert.Equal(0, receiver.Unverified);
        // The receiver's failures and late answers were met, and retried: some offers took several attempts, and some
        // keys arrived again after the receiver had acted (what the idempotency key is for).
        Assert.Contains(final.Values, d => d.Status == DeliveryStatus.Delivered && d.Attempts > 1);
        Assert.True(receiver.AgainAfterActing > 0);
        Assert.All(seen, s => Assert.Equal(DeliveryStatus.Queued, s.Value[0]));
        Assert.Contains(seen.Values, s => s.Contains(DeliveryStatus.Retrying));
        Console.WriteLine($"webhook: {Offers} sent, {delivered.Count} delivered, {failed.Count} failed, " +
            $"{final.Values.Count(d => d.Attempts > 1)} retried, {receiver.AgainAfterActing} arrived again after the receiver acted (answered from its key, not acted on twice)");
    }

    private static OfferDecision Offer(string id, string code) => new(
        id, "night-pack", "+447700900001", "cdr-" + id, DateTime.UtcNow, OfferOutcome.Sent, code, "5 GB at night", "sms", 4.5m,
        new Dictionary<string, string>(), DecidedUtc: DateTime.UtcNow);
}
