using Cdr.Orleans.Contracts.Traffic;
using Cdr.Orleans.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Grains.Traffic;

/// <summary>
/// Sends this silo's counted call volume to the cluster's <see cref="ITrafficGrain"/> every
/// <see cref="EngineOptions.StatsInterval"/>: one call per silo per interval, whatever the CDR rate. Counts that could
/// not be sent are kept for the next try, so none is lost while the silo runs.
/// </summary>
public sealed partial class TrafficFlusher(
    TrafficRecorder recorder,
    IGrainFactory grains,
    IOptions<EngineOptions> options,
    TimeProvider time,
    ILogger<TrafficFlusher> logger,
    Infrastructure.History.HistoryWriter? history = null) : PeriodicService(time)
{
    protected override TimeSpan Interval => options.Value.StatsInterval;

    protected override bool Enabled => recorder.Enabled;

    protected override bool TickAtStop => true;

    protected override async Task TickAsync(CancellationToken stoppingToken)
    {
        var counted = recorder.Take();
        if (counted.Count == 0)
        {
            return;
        }
        history?.AddTraffic(counted);
        try
        {
            await grains.GetGrain<ITrafficGrain>(0).AddAsync(counted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            recorder.PutBack(counted); // the history has them already: only the traffic grain takes them again
            LogFlushFailed(logger, ex, counted.Count);
        }
    }

    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning, Message = "Could not send {Cells} call-volume cells to the traffic grain; kept for the next try")]
    private static partial void LogFlushFailed(ILogger logger, Exception error, int cells);
}
