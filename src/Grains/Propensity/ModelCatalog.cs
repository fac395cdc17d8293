using Cdr.Orleans.Contracts.Models;
using Cdr.Orleans.Domain.Propensity;
using Cdr.Orleans.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Grains.Propensity;

/// <summary>
/// This silo's scorers, one per campaign's current model version, built once when the version arrives and then read by
/// every subscriber grain (a scorer never changes, so sharing it is safe). A stored model this engine cannot score is
/// left out with its reason, and its campaign runs on its rule alone.
/// </summary>
public sealed partial class ModelCatalog(ILogger<ModelCatalog> logger, Telemetry.EngineInstruments? instruments = null) : IPropensityModels
{
    private volatile IReadOnlyDictionary<string, (int Version, PropensityScorer Scorer)> scorers =
        new Dictionary<string, (int, PropensityScorer)>(StringComparer.Ordinal);

    public long Revision { get; private set; } = -1;

    /// <summary>The current model's scorer of a campaign, or null before its first model.</summary>
    public PropensityScorer? ScorerOf(string campaignId) => scorers.TryGetValue(campaignId, out var s) ? s.Scorer : null;

    public int? VersionOf(string campaignId) => scorers.TryGetValue(campaignId, out var s) ? s.Version : null;

    /// <summary>Each campaign's model version this silo scores with.</summary>
    public IEnumerable<(string CampaignId, int Version)> Versions => scorers.Select(s => (s.Key, s.Value.Version));

    /// <summary>Each campaign's current model's score of this state (one feature vector for all); empty before any model.</summary>
    public IReadOnlyDictionary<string, double> ScoresOf(Domain.SubscriberState state)
    {
        var current = scorers;
        if (current.Count == 0)
        {
            return new Dictionary<string, double>();
        }
        var features = PropensityFeatures.Of(state);
        var scores = current.ToDictionary(c => c.Key, c => c.Value.Scorer.Score(features), StringComparer.Ordinal);
        if (instruments is not null)
        {
            foreach (var (campaignId, score) in scores)
            {
                instruments.RecordScore(campaignId, score);
            }
        }
        return scores;
    }

    public void Apply(ModelCatalogSnapshot snapshot)
    {
        var old = scorers;
        var next = new Dictionary<string, (int, PropensityScorer)>(StringComparer.Ordinal);
        foreach (var (campaignId, published) in snapshot.Models)
        {
            if (old.TryGetValue(campaignId, out var kept) && kept.Version == published.Version)
            {
                next[campaignId] = kept;
            }
            else if (PropensityScorer.TryCreate(published.Model, out var error) is { } scorer)
            {
                next[campaignId] = (published.Version, scorer);
            }
            else
            {
                LogUnusable(logger, campaignId, published.Version, error!);
            }
        }
        scorers = next;
        Revision = snapshot.Revision;
    }

    [LoggerMessage(EventId = 1811, Level = LogLevel.Error, Message = "Campaign {CampaignId}: model version {Version} cannot be scored here ({Reason}); the campaign runs on its rule alone")]
    private static partial void LogUnusable(ILogger logger, string campaignId, int version, string reason);
}

/// <summary>Asks the model registry for changes every <see cref="EngineOptions.CampaignRefresh"/>, as the campaign catalog does.</summary>
public sealed partial class ModelCatalogRefresher(
    ModelCatalog catalog,
    IGrainFactory grains,
    IOptions<EngineOptions> options,
    TimeProvider time,
    ILogger<ModelCatalogRefresher> logger) : PeriodicService(time)
{
    private int failures;

    protected override TimeSpan Interval => options.Value.CampaignRefresh;

    protected override bool TickAtStart => true;

    protected override async Task TickAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (await grains.GetGrain<IModelRegistryGrain>(0).GetIfChangedAsync(catalog.Revision).WaitAsync(stoppingToken) is { } snapshot)
            {
                catalog.Apply(snapshot);
            }
            failures = 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // As the campaign catalog's: not while the silo starts, then now and then.
            if (++failures % 40 == 1 && (catalog.Revision >= 0 || failures > 1))
            {
                LogRefreshFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 1812, Level = LogLevel.Warning, Message = "Could not refresh the propensity models (scoring with the last ones)")]
    private static partial void LogRefreshFailed(ILogger logger, Exception error);
}
