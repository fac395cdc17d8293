using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Delivery;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cdr.Orleans.Grains.Delivery;

/// <summary>
/// Sends this silo's sent offers through their channels: a lane per configured channel, each with its rate limit, its
/// attempts in flight, and its retries (<see cref="RetrySchedule"/>), in the order they fall due. Every change of an
/// offer's status goes to <c>report</c> (the offer log and the statistics); an offer ends delivered, failed with the
/// channel's reason, or expired with the last attempt's. Offers whose channel is not configured are not dispatched.
/// </summary>
public sealed partial class OfferDispatcher : BackgroundService
{
    private readonly IReadOnlyDictionary<string, Lane> lanes;
    private readonly Action<OfferDelivery> report;
    private readonly TimeProvider time;
    private readonly ILogger<OfferDispatcher> logger;

    public OfferDispatcher(IEnumerable<ChannelRoute> routes, Action<OfferDelivery> report, TimeProvider time, ILogger<OfferDispatcher> logger)
    {
        (this.report, this.time, this.logger) = (report, time, logger);
        lanes = routes.ToDictionary(r => r.OfferChannel, r => new Lane(r, time.GetUtcNow().UtcDateTime), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Queues the sent offers whose channel is configured; held-out decisions are not sent anywhere.</summary>
    public void Enqueue(IReadOnlyList<OfferDecision> decisions)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var decision in decisions)
        {
            Enqueue(decision, now, tries: 0);
        }
    }

    /// <summary>
    /// Queues one offer, queued at <paramref name="queuedUtc"/> with <paramref name="tries"/> attempts behind it (an
    /// offer taken over from another silo); false when it is not one to send (held out, or its channel is not configured).
    /// </summary>
    public bool Enqueue(OfferDecision decision, DateTime queuedUtc, int tries)
    {
        if (decision.Outcome != OfferOutcome.Sent || !lanes.TryGetValue(decision.Channel, out var lane))
        {
            return false;
        }
        var now = time.GetUtcNow().UtcDateTime;
        // Reported before the lane has it: once in the lane it can be sent and end at once, and an end reported before
        // "queued" would be overwritten by it where the latest status is kept (the offer log, the Redis feeder).
        report(new OfferDelivery(decision.Id, lane.Route.Name, DeliveryStatus.Queued, tries, null, now, decision.CampaignId));
        lane.Add(new Attempt(decision, queuedUtc, tries), now);
        return true;
    }

    /// <summary>Offers queued or waiting for a retry, over all lanes.</summary>
    public int Pending => lanes.Values.Sum(l => l.Pending);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(lanes.Values.Select(lane => RunAsync(lane, stoppingToken)));

    private async Task RunAsync(Lane lane, CancellationToken stoppingToken)
    {
        using var inFlight = new SemaphoreSlim(lane.Route.MaxInFlight);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow().UtcDateTime;
                if (lane.TakeDue(now, out var wait) is not { } attempt)
                {
                    await lane.WaitAsync(wait, stoppingToken);
                    continue;
                }
                if (!lane.Bucket.TryTake(now, out var limited))
                {
                    lane.Add(attempt, now);
                    await Task.Delay(limited, time, stoppingToken);
                    continue;
                }
                await inFlight.WaitAsync(stoppingToken);
                _ = SendThenReleaseAsync(lane, attempt, inFlight, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // The attempts under way end quickly once the silo stops (their requests are cancelled): wait for them all.
        for (var i = 0; i < lane.Route.MaxInFlight; i++)
        {
            await inFlight.WaitAsync(CancellationToken.None);
        }
    }

    private async Task SendThenReleaseAsync(Lane lane, Attempt attempt, SemaphoreSlim inFlight, CancellationToken stoppingToken)
    {
        try
        {
            await SendAsync(lane, attempt, stoppingToken);
        }
        finally
        {
            inFlight.Release();
        }
    }

    private async Task SendAsync(Lane lane, Attempt attempt, CancellationToken stoppingToken)
    {
        var route = lane.Route;
        SendResult result;
        try
        {
            result = await route.Channel.SendAsync(attempt.Offer, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return; // the silo is stopping: the offer stays as it was reported
        }
        catch (Exception error)
        {
            // A channel is meant to say what happened rather than throw; one that throws is retried with what it threw.
            LogChannelThrew(logger, error, route.Name, attempt.Offer.Id);
            result = SendResult.Retry($"{error.GetType().Name}: {error.Message}");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var tries = attempt.Tries + 1;
        var (status, next) = result.Outcome switch
        {
            SendOutcome.Delivered => (DeliveryStatus.Delivered, (DateTime?)null),
            SendOutcome.Refused => (DeliveryStatus.Failed, null),
            _ when route.Retries.Next(attempt.QueuedUtc, now, tries, Random.Shared.NextDouble()) is { } due => (DeliveryStatus.Retrying, due),
            _ => (DeliveryStatus.Expired, null),
        };
        if (next is { } retryAt)
        {
            lane.Add(attempt with { Tries = tries }, retryAt);
        }
        report(new OfferDelivery(attempt.Offer.Id, route.Name, status, tries, result.Error, now, attempt.Offer.CampaignId));
    }

    [LoggerMessage(EventId = 1320, Level = LogLevel.Warning, Message = "Delivery channel {Channel} threw while sending offer {OfferId}; it is tried again")]
    private static partial void LogChannelThrew(ILogger logger, Exception error, string channel, string offerId);

    private sealed record Attempt(OfferDecision Offer, DateTime QueuedUtc, int Tries = 0);

    /// <summary>One channel's queue, ordered by when each attempt is due; new offers are due at once.</summary>
    private sealed class Lane(ChannelRoute route, DateTime startUtc)
    {
        private readonly PriorityQueue<Attempt, (DateTime Due, long Order)> due = new();
        private readonly SemaphoreSlim added = new(0);
        private long order;

        public ChannelRoute Route { get; } = route;

        public TokenBucket Bucket { get; } = new(route.RatePerSecond, startUtc);

        public int Pending
        {
            get
            {
                lock (due)
                {
                    return due.Count;
                }
            }
        }

        public void Add(Attempt attempt, DateTime dueUtc)
        {
            lock (due)
            {
                due.Enqueue(attempt, (dueUtc, order++));
            }
            added.Release();
        }

        /// <summary>The first attempt due by <paramref name="nowUtc"/>; otherwise null and how long until the next one is.</summary>
        public Attempt? TakeDue(DateTime nowUtc, out TimeSpan wait)
        {
            lock (due)
            {
                if (!due.TryPeek(out _, out var first))
                {
                    wait = Timeout.InfiniteTimeSpan;
                    return null;
                }
                if (first.Due > nowUtc)
                {
                    wait = first.Due - nowUtc;
                    return null;
                }
                wait = TimeSpan.Zero;
                return due.Dequeue();
            }
        }

        /// <summary>Until something is added, or <paramref name="wait"/> (infinite: none) passes.</summary>
        public Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken) => added.WaitAsync(wait, cancellationToken);
    }
}

/// <summary>
/// Where offers of one offer channel (<see cref="OfferSpec.Channel"/>, e.g. "sms") go: the configured channel
/// <see cref="Name"/>, how fast, how many at once, and when to try again or give up.
/// </summary>
public sealed record ChannelRoute(string OfferChannel, string Name, IOfferChannel Channel, double RatePerSecond, int MaxInFlight, RetrySchedule Retries);
