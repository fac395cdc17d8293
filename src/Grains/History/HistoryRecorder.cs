using Cdr.Orleans.Grains.Hosting;
using Cdr.Orleans.Infrastructure.History;
using Microsoft.Extensions.Logging;

namespace Cdr.Orleans.Grains.History;

/// <summary>
/// Writes this silo's history (<see cref="HistoryWriter"/>) every <see cref="HistoryOptions.FlushInterval"/> and once
/// more as the silo stops; at start and once an hour it merges the hours that are over and deletes the expired days.
/// A failure is logged and tried again at the next tick: history never stops the CDR path.
/// </summary>
public sealed partial class HistoryRecorder(HistoryWriter history, TimeProvider time, ILogger<HistoryRecorder> logger) : PeriodicService(time)
{
    private DateTime maintained = DateTime.MinValue;

    protected override TimeSpan Interval => history.FlushInterval;

    protected override bool Enabled => history.Enabled;

    protected override bool TickAtStart => true;

    protected override bool TickAtStop => true;

    protected override async Task TickAsync(CancellationToken stoppingToken)
    {
        try
        {
            await history.FlushAsync(stoppingToken);
            var hour = Time.GetUtcNow().UtcDateTime;
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

    [LoggerMessage(EventId = 1900, Level = LogLevel.Warning, Message = "History: could not write under {Directory}; tried again at the next flush")]
    private static partial void LogFailed(ILogger logger, Exception error, string? directory);
}
