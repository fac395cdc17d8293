using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Stats;

namespace Cdr.Orleans.Grains.Stats;

/// <summary>
/// Adds up the reports of every silo (and of generators that reject file lines). The current rate is the applied
/// count over the last <see cref="RateWindow"/>; a silo that has not reported for <see cref="SiloTimeout"/> no longer
/// counts towards resident subscribers.
/// </summary>
public sealed class StatsGrain(TimeProvider time) : Grain, IStatsGrain
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SiloTimeout = TimeSpan.FromSeconds(15);

    private readonly Dictionary<string, long> rejected = [];
    private readonly Dictionary<string, (DateTime At, long Resident, LagSample? Lag)> silos = [];
    private readonly Queue<(DateTime At, long Applied)> recent = new();
    private readonly Dictionary<string, CampaignResults> campaigns = new(StringComparer.Ordinal);
    private long applied;

    public Task ReportAsync(StatsReport report)
    {
        var now = time.GetUtcNow().UtcDateTime;
        applied += report.CdrsApplied;
        foreach (var (reason, count) in report.Rejected)
        {
            rejected[reason] = rejected.GetValueOrDefault(reason) + count;
        }
        if (report.ResidentSubscribers is { } resident)
        {
            var lag = report.Lag ?? silos.GetValueOrDefault(report.Source).Lag;
            silos[report.Source] = (now, resident, lag);
        }
        recent.Enqueue((now, report.CdrsApplied));
        foreach (var (id, delta) in report.Campaigns ?? new Dictionary<string, CampaignResults>())
        {
            campaigns[id] = (campaigns.GetValueOrDefault(id) ?? CampaignResults.Zero).Add(delta);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, CampaignResults>> GetCampaignResultsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, CampaignResults>>(new Dictionary<string, CampaignResults>(campaigns, StringComparer.Ordinal));

    public Task<ClusterStats> GetAsync()
    {
        var now = time.GetUtcNow().UtcDateTime;
        while (recent.Count > 0 && now - recent.Peek().At > RateWindow)
        {
            recent.Dequeue();
        }
        foreach (var stale in silos.Where(s => now - s.Value.At > SiloTimeout).Select(s => s.Key).ToList())
        {
            silos.Remove(stale);
        }
        var rate = recent.Sum(r => r.Applied) / RateWindow.TotalSeconds;
        var worstLag = silos.Values.Select(s => s.Lag).Where(l => l is not null).MaxBy(l => l!.P99Ms);
        return Task.FromResult(new ClusterStats(
            applied,
            Math.Round(rate, 1),
            silos.Values.Sum(s => s.Resident),
            rejected.Values.Sum(),
            new Dictionary<string, long>(rejected),
            silos.Count,
            worstLag,
            now));
    }
}
