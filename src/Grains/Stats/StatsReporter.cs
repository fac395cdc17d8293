using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Grains.Stats;

/// <summary>Sends this silo's counter deltas to the cluster's <see cref="IStatsGrain"/> at a fixed interval.</summary>
public sealed partial class StatsReporter(
    EngineCounters counters,
    Campaigns.CampaignCounters campaigns,
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IOptions<EngineOptions> options,
    TimeProvider time,
    ILogger<StatsReporter> logger) : PeriodicService(time)
{
    private long lastApplied;

    protected override TimeSpan Interval => options.Value.StatsInterval;

    protected override async Task TickAsync(CancellationToken stoppingToken)
    {
        var report = counters.TakeReport(silo.SiloAddress.ToString(), Time.GetUtcNow().UtcDateTime, ref lastApplied) with { Campaigns = campaigns.TakeDeltas() };
        try
        {
            await grains.GetGrain<IStatsGrain>(0).ReportAsync(report);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The counts of this interval are lost for the statistics only; CDR processing is unaffected.
            LogReportFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "Could not report statistics")]
    private static partial void LogReportFailed(ILogger logger, Exception error);
}
