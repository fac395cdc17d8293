using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Grains.Hosting;
using Microsoft.Extensions.Hosting;
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
    ILogger<StatsReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var source = silo.SiloAddress.ToString();
        long lastApplied = 0;
        using var timer = new PeriodicTimer(options.Value.StatsInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var report = counters.TakeReport(source, time.GetUtcNow().UtcDateTime, ref lastApplied) with { Campaigns = campaigns.TakeDeltas() };
                try
                {
                    await grains.GetGrain<IStatsGrain>(0).ReportAsync(report);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The counts of this interval are lost for the statistics only; CDR processing is unaffected.
                    LogReportFailed(logger, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report statistics: {Reason}")]
    private static partial void LogReportFailed(ILogger logger, string reason);
}
