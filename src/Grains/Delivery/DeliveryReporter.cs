using System.Collections.Concurrent;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Grains.Hosting;
using Microsoft.Extensions.Logging;

namespace Cdr.Orleans.Grains.Delivery;

/// <summary>
/// Sends this silo's offer statuses to the offer log, where <c>offers tail</c>, the console and <c>stats</c> read them:
/// every 250 ms, the latest status of each offer that changed, and once more as the silo stops. When the log cannot be
/// reached the statuses wait for the next tick (a later status of the same offer replaces the one waiting).
/// </summary>
public sealed partial class DeliveryReporter(
    IGrainFactory grains, TimeProvider time, ILogger<DeliveryReporter> logger, Telemetry.EngineInstruments? instruments = null,
    Infrastructure.History.HistoryWriter? history = null)
    : PeriodicService(time)
{
    private readonly ConcurrentQueue<OfferDelivery> changed = new();
    private readonly Dictionary<string, OfferDelivery> waiting = new(StringComparer.Ordinal);

    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(250);

    protected override bool TickAtStop => true;

    public void Report(OfferDelivery delivery)
    {
        instruments?.RecordDelivery(delivery.Channel, delivery.Status);
        history?.AddDelivery(delivery);
        changed.Enqueue(delivery);
    }

    protected override async Task TickAsync(CancellationToken stoppingToken)
    {
        while (changed.TryDequeue(out var delivery))
        {
            waiting[delivery.OfferId] = delivery;
        }
        if (waiting.Count == 0)
        {
            return;
        }
        try
        {
            await grains.GetGrain<IOfferLogGrain>(0).RecordDeliveriesAsync([.. waiting.Values]);
            waiting.Clear();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogNotRecorded(logger, error, waiting.Count);
        }
    }

    [LoggerMessage(EventId = 1321, Level = LogLevel.Warning, Message = "Could not record {Count} offer delivery statuses in the offer log; they are sent again at the next tick")]
    private static partial void LogNotRecorded(ILogger logger, Exception error, int count);
}
