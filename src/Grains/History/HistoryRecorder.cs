using Cdr.Orleans.Grains.Hosting;
using Cdr.Orleans.Infrastructure.History;
using Microsoft.Extensions.Logging;

namespace Cdr.Orleans.Grains.History;

/// <summary>
/// Writes this silo's history (<see cref="HistoryWriter"/>) every <see cref="HistoryOptions.FlushInterval"/>, sooner when
/// the buffered traffic is large (<see cref="HistoryWriter.FlushDue"/>, looked at every second), and once more as the
/// silo stops; at start and once an hour it merges the hours that are over and deletes the expired days.
/// A failure is logged and tried again at the next tick: history never stops the CDR path.
/// </summary>
public sealed partial class HistoryRecorder(HistoryWriter history, TimeProvider time, ILogger<HistoryRecorder> logger) : PeriodicService(time)
{
    private DateTime maintained = DateTime.MinValue;
    private DateTime flushed = DateTime.MinValue;
    private volatile bool stopping;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    protected override bool Enabled => history.Enabled;

    protected override bool TickAtStart => true;

    protected override bool TickAtStop => true;

    protected override async Task TickAsync(CancellationToken stoppingToken)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        if (now - flushed < history.FlushInterval && !history.FlushDue && !stopping)
        {
            return;
        }
        flushed = now;
        try
        {
            await history.FlushAsync(stoppingToken);
            var hour = now;
            if (hour - maintained >= TimeSpan.FromHours(1) || hour.Hour != maintained.Hour)
            {
                await history.MaintainAsync(stoppingToken);
                maintained = hour;
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            LogFailed(logger, error, history.Directory);
        }
    }

    /// <summary>The last tick, as the silo stops, writes whatever is buffered.</summary>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        stopping = true;
        return base.StopAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 1900, Level = LogLevel.Warning, Message = "History: could not write under {Directory}; tried again at the next flush")]
    private static partial void LogFailed(ILogger logger, Exception error, string? directory);
}
