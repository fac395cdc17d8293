using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Rules;
using Cdr.Orleans.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Grains.Campaigns;

/// <summary>
/// Asks the registry for changes every <see cref="EngineOptions.CampaignRefresh"/> (one small call per silo, not
/// per CDR) and hands new versions to <see cref="CampaignCatalog"/>. Polling rather than pushing: a silo that missed a
/// message, or just started, is still up to date one period later.
/// </summary>
public sealed partial class CampaignCatalogRefresher(
    CampaignCatalog catalog,
    IGrainFactory grains,
    IOptions<EngineOptions> options,
    TimeProvider time,
    ILogger<CampaignCatalogRefresher> logger) : PeriodicService(time)
{
    /// <summary>How often a silo asks after the segment sends of the active one-shot campaigns.</summary>
    public static readonly TimeSpan SendCheck = TimeSpan.FromSeconds(30);

    private int failures;
    private DateTimeOffset lastSendCheck;

    protected override TimeSpan Interval => options.Value.CampaignRefresh;

    protected override bool TickAtStart => true;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first rule compiled in a process pays for loading and JIT-compiling the parser (about a second): pay it
        // now, not when the first campaign arrives.
        RuleCompiler.TryCompile("Tier in (\"Free\") && H24.VoiceMinutes > 60 && Cdr.Type == \"voice\"", out _, out _);
        return base.ExecuteAsync(stoppingToken);
    }

    protected override async Task TickAsync(CancellationToken stoppingToken)
    {
        try
        {
            var known = catalog.IsLoaded ? catalog.Current.Version : -1;
            var registry = grains.GetGrain<ICampaignRegistryGrain>(0);
            if (await registry.GetIfChangedAsync(known).WaitAsync(stoppingToken) is { } snapshot)
            {
                catalog.Apply(snapshot);
            }
            foreach (var (id, revision, reason) in catalog.TakeQuarantines())
            {
                await registry.QuarantineAsync(id, revision, reason).WaitAsync(stoppingToken);
                catalog.Reported(id, revision);
            }
            if (Time.GetUtcNow() - lastSendCheck >= SendCheck)
            {
                // Asking is enough: a send whose silo died, or whose next pass is due, is taken up again when asked.
                lastSendCheck = Time.GetUtcNow();
                foreach (var id in catalog.Current.OneShots.Keys)
                {
                    await grains.GetGrain<ICampaignSendGrain>(id).GetProgressAsync().WaitAsync(stoppingToken);
                }
            }
            failures = 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Expected while the silo starts (the first ten seconds are not logged); after that, log now and then, not
            // four times a second.
            if (++failures % 40 == 1 && (catalog.IsLoaded || failures > 1))
            {
                LogRefreshFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Could not refresh the campaign catalog (evaluating the last one)")]
    private static partial void LogRefreshFailed(ILogger logger, Exception error);
}
