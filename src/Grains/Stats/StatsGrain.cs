using Cdr.Orleans.Contracts;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Stats;

namespace Cdr.Orleans.Grains.Stats;

/// <summary>
/// Adds up the reports of every silo (and of generators that reject file lines). The current rate is the applied
/// count over the last <see cref="RateWindow"/>; a silo that has not reported for <see cref="SiloTimeout"/> no longer
/// counts towards resident subscribers. Campaign results are kept in the engine storage, written every couple of seconds.
/// </summary>
public sealed class StatsGrain(
    [PersistentState("campaign-results", StorageNames.Engine)] IPersistentState<CampaignResultsState> stored,
    TimeProvider time,
    Hosting.EngineStoragePolicy storage) : Grain, IStatsGrain
{
    /// <summary>How often changed campaign results are written to the engine storage (and when the grain deactivates).</summary>
    private static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SiloTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The latest dead letters <c>stats</c> shows.</summary>
    public const int DeadLettersKept = 50;

    private readonly Dictionary<string, long> rejected = [];
    private readonly Dictionary<string, long> notes = [];
    private readonly LinkedList<DeadLetter> deadLetters = new();
    private long deadLettered;
    private readonly Dictionary<string, (DateTime At, long Resident, LagSample? Lag)> silos = [];
    private readonly Queue<(DateTime At, long Applied)> recent = new();
    private long applied;
    private bool resultsChanged;

    private Dictionary<string, CampaignResults> Campaigns => stored.State.Campaigns;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(SaveResultsAsync, SaveInterval, SaveInterval);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        storage.WriteOnDeactivation(reason.ReasonCode) ? SaveResultsAsync(cancellationToken) : Task.CompletedTask;

    public Task ReportAsync(StatsReport report)
    {
        var now = time.GetUtcNow().UtcDateTime;
        applied += report.CdrsApplied;
        foreach (var (reason, count) in report.Rejected)
        {
            rejected[reason] = rejected.GetValueOrDefault(reason) + count;
        }
        foreach (var (code, count) in report.Notes ?? new Dictionary<string, long>())
        {
            notes[code] = notes.GetValueOrDefault(code) + count;
        }
        deadLettered += report.DeadLettered;
        foreach (var letter in report.DeadLetters ?? [])
        {
            deadLetters.AddFirst(letter);
            if (deadLetters.Count > DeadLettersKept)
            {
                deadLetters.RemoveLast();
            }
        }
        if (report.ResidentSubscribers is { } resident)
        {
            var lag = report.Lag ?? silos.GetValueOrDefault(report.Source).Lag;
            silos[report.Source] = (now, resident, lag);
        }
        recent.Enqueue((now, report.CdrsApplied));
        foreach (var (id, delta) in report.Campaigns ?? new Dictionary<string, CampaignResults>())
        {
            Campaigns[id] = (Campaigns.GetValueOrDefault(id) ?? CampaignResults.Zero).Add(delta);
            resultsChanged = true;
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, CampaignResults>> GetCampaignResultsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, CampaignResults>>(new Dictionary<string, CampaignResults>(Campaigns, StringComparer.Ordinal));

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
            now,
            new Dictionary<string, long>(notes),
            deadLettered,
            [.. deadLetters]));
    }

    private async Task SaveResultsAsync(CancellationToken cancellationToken)
    {
        if (!resultsChanged || !storage.CanWrite)
        {
            return;
        }
        resultsChanged = false;
        try
        {
            await stored.WriteStateAsync(cancellationToken);
        }
        catch
        {
            resultsChanged = true; // tried again at the next interval
            throw;
        }
    }
}
