using System.Collections.Concurrent;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Delivery;
using Cdr.Orleans.Grains.Delivery;
using Cdr.Orleans.Infrastructure.Delivery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdr.Orleans.Tests.Delivery;

/// <summary>
/// Offers through a webhook to a real HTTP receiver on loopback that fails 30% of requests and sometimes answers after
/// the engine's timeout (having acted on the offer). The receiver honours the idempotency key, as the contract asks.
/// Every offer ends delivered and acted on exactly once, or failed with the receiver's reason; none vanishes.
/// </summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private const string Secret = "a-shared-secret-of-at-least-32-characters";
    private const int Offers = 300;
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(400);

    private readonly ConcurrentDictionary<string, int> actedOn = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> arrivals = new(StringComparer.Ordinal);
    private readonly Random chance = new(7);
    private int unsigned;
    private int againAfterActing;
    private WebApplication receiver = null!;
    private Uri url = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders(); // late answers still waiting when the receiver stops are not a finding
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        receiver = builder.Build();
        receiver.MapPost("/offers", ReceiveAsync);
        await receiver.StartAsync();
        url = new Uri(receiver.Urls.Single() + "/offers");
    }

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    /// <summary>A receiver as an SMS gateway would be: checks the signature, acts once per key, and is unreliable.</summary>
    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        if (!WebhookSignature.Verify(Secret, request.Headers[WebhookSignature.TimestampHeader], body.ToArray(), request.Headers[WebhookSignature.Header],
                DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)))
        {
            Interlocked.Increment(ref unsigned);
            return Results.Unauthorized();
        }
        var key = request.Headers[WebhookSignature.IdempotencyHeader].ToString();
        var message = OfferMessage.FromJson(body.ToArray())!;
        Assert.Equal(key, message.Id);
        arrivals.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (message.OfferCode == "BAD")
        {
            return Results.BadRequest(); // refused for good: the offer fails with this reason
        }
        double roll;
        lock (chance)
        {
            roll = chance.NextDouble();
        }
        if (roll < 0.3)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        if (!actedOn.TryAdd(key, 1))
        {
            Interlocked.Increment(ref againAfterActing); // a key acted on before is answered 200 without acting again
        }
        if (roll < 0.4)
        {
            await Task.Delay(Timeout * 3); // acted on, but the answer comes after the engine stopped waiting
        }
        return Results.Ok();
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
            if (delivery.Status is DeliveryStatus.Delivered or DeliveryStatus.Failed or DeliveryStatus.Expired)
            {
                Assert.True(final.TryAdd(delivery.OfferId, delivery), $"offer {delivery.OfferId} ended twice");
                if (final.Count == Offers)
                {
                    allDone.TrySetResult();
                }
            }
        }
        using var channel = new WebhookChannel(url, Secret, Timeout, TimeProvider.System);
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
        Assert.Equal(delivered.Order(), actedOn.Keys.Order()); // acted on exactly the delivered ones, each once (keys are unique)
        Assert.Equal(0, unsigned);
        // The receiver's failures and late answers were met, and retried: some offers took several attempts, and some
        // keys arrived again after the receiver had acted (what the idempotency key is for).
        Assert.Contains(final.Values, d => d.Status == DeliveryStatus.Delivered && d.Attempts > 1);
        Assert.True(againAfterActing > 0);
        Assert.All(seen, s => Assert.Equal(DeliveryStatus.Queued, s.Value[0]));
        Assert.Contains(seen.Values, s => s.Contains(DeliveryStatus.Retrying));
        Console.WriteLine($"webhook: {Offers} sent, {delivered.Count} delivered, {failed.Count} failed, " +
            $"{final.Values.Count(d => d.Attempts > 1)} retried, {againAfterActing} arrived again after the receiver acted (answered from its key, not acted on twice)");
    }

    private static OfferDecision Offer(string id, string code) => new(
        id, "night-pack", "+447700900001", "cdr-" + id, DateTime.UtcNow, OfferOutcome.Sent, code, "5 GB at night", "sms", 4.5m,
        new Dictionary<string, string>(), DecidedUtc: DateTime.UtcNow);
}
