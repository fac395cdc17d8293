using System.Collections.Concurrent;
using System.Threading.Channels;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Infrastructure.Redis.Offers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cdr.Orleans.Grains.Delivery;

/// <summary>
/// Durable mode: feeds this silo's <see cref="OfferDispatcher"/> from the offer stream (<see cref="RedisOfferQueue"/>)
/// rather than from its own outbox, so that an offer whose silo dies is sent by another. New entries are read while the
/// dispatcher has room; every few seconds this silo's entries under way are kept fresh and entries other silos left
/// idle are taken over. Each status after the first is recorded in Redis, in order, and a final one acknowledges its
/// entry; every status also goes to the offer log.
/// </summary>
public sealed partial class RedisDeliveryFeeder(
    RedisOfferQueue queue, Func<OfferDispatcher> dispatcher, DeliveryReporter reporter, TimeProvider time, ILogger<RedisDeliveryFeeder> logger) : BackgroundService
{
    /// <summary>Offers waiting in the dispatcher above which no new entries are read.</summary>
    private const int MaxPending = 5_000;
    private const int ReadCount = 200;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan KeepEvery = TimeSpan.FromSeconds(5);

    /// <summary>How long an entry may sit idle before another silo takes it over: several keep periods, so a live silo's never are.</summary>
    public static readonly TimeSpan TakeOverIdle = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, RedisValue> underWay = new(StringComparer.Ordinal);
    private readonly Channel<(RedisValue Entry, OfferDelivery Delivery)> records = Channel.CreateUnbounded<(RedisValue, OfferDelivery)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The dispatcher's report: to the offer log, and to Redis for an offer read from the stream.</summary>
    public void Observe(OfferDelivery delivery)
    {
        reporter.Report(delivery);
        if (delivery.Status == DeliveryStatus.Queued || !underWay.TryGetValue(delivery.OfferId, out var entry))
        {
            return;
        }
        if (delivery.Status.Ended())
        {
            underWay.TryRemove(delivery.OfferId, out _);
        }
        records.Writer.TryWrite((entry, delivery));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recording = RecordAsync(stoppingToken);
        var kept = time.GetUtcNow();
        var created = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!created)
                {
                    await queue.CreateGroupAsync();
                    created = true;
                }
                var room = dispatcher().Pending < MaxPending;
                var read = room ? await queue.ReadNewAsync(ReadCount) : [];
                foreach (var offer in read)
                {
                    await AdmitAsync(offer);
                }
                if (time.GetUtcNow() - kept >= KeepEvery)
                {
                    kept = time.GetUtcNow();
                    await queue.KeepAsync([.. underWay.Values]);
                    foreach (var offer in room ? await queue.TakeOverAsync(TakeOverIdle, ReadCount) : [])
                    {
                        if (!underWay.ContainsKey(offer.Decision.Id))
                        {
                            await AdmitAsync(offer);
                        }
                    }
                }
                if (read.Count == ReadCount)
                {
                    continue; // more are waiting
                }
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Redis unreachable, most often; whatever it is, the silo goes on and the next poll tries again.
                LogQueueUnreachable(logger, error);
            }
            try
            {
                await Task.Delay(Poll, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        records.Writer.TryComplete();
        await recording;
    }

    private async Task AdmitAsync(QueuedOffer offer)
    {
        if (offer.Status?.Status.Ended() == true)
        {
            await queue.SkipAsync(offer.Entry); // it ended before the silo that had it could acknowledge it
            return;
        }
        underWay[offer.Decision.Id] = offer.Entry;
        if (!dispatcher().Enqueue(offer.Decision, offer.QueuedUtc, offer.Status?.Attempts ?? 0))
        {
            underWay.TryRemove(offer.Decision.Id, out _);
            await queue.SkipAsync(offer.Entry); // held out, or a channel left to an external sender
        }
    }

    /// <summary>Writes statuses in the order they came; one that fails is tried again until Redis takes it or the silo stops.</summary>
    private async Task RecordAsync(CancellationToken stoppingToken)
    {
        await foreach (var (entry, delivery) in records.Reader.ReadAllAsync(CancellationToken.None))
        {
            for (var wait = TimeSpan.FromMilliseconds(100); ; wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(5).Ticks)))
            {
                try
                {
                    await queue.RecordAsync(entry, delivery);
                    break;
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    if (stoppingToken.IsCancellationRequested)
                    {
                        break; // unacknowledged: another silo takes the entry over and finds what was recorded before
                    }
                    LogStatusNotRecorded(logger, error, delivery.OfferId);
                    await Task.Delay(wait, time, CancellationToken.None);
                }
            }
        }
    }

    [LoggerMessage(EventId = 1322, Level = LogLevel.Warning, Message = "The offer delivery queue in Redis could not be read or updated; trying again")]
    private static partial void LogQueueUnreachable(ILogger logger, Exception error);

    [LoggerMessage(EventId = 1323, Level = LogLevel.Warning, Message = "The delivery status of offer {OfferId} could not be recorded in Redis; trying again")]
    private static partial void LogStatusNotRecorded(ILogger logger, Exception error, string offerId);
}
