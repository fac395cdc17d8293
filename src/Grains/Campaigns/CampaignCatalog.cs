using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Campaigns;
using Microsoft.Extensions.Logging;

namespace Cdr.Orleans.Grains.Campaigns;

/// <summary>
/// This silo's compiled copy of the active campaigns (a singleton). Subscriber grains read <see cref="Current"/>, a
/// plain field read per batch; <see cref="CampaignCatalogRefresher"/> replaces it when the registry's version moves.
/// A campaign whose revision did not change keeps its compiled delegates.
/// </summary>
public sealed partial class CampaignCatalog(CampaignCounters counters, ILogger<CampaignCatalog> logger)
{
    private readonly TaskCompletionSource loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile CampaignSet current = CampaignSet.Empty;

    public CampaignSet Current => current;

    /// <summary>Completes once the first catalog is in: CDRs are not evaluated against an empty set by mistake.</summary>
    public Task WhenLoaded => loaded.Task;

    public bool IsLoaded => loaded.Task.IsCompleted;

    public void Apply(CampaignCatalogSnapshot snapshot)
    {
        var previous = current.Campaigns.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var campaigns = new List<Campaign>();
        foreach (var record in snapshot.Campaigns.Where(r => r.Status == CampaignStatus.Active))
        {
            if (previous.TryGetValue(record.Definition.Id, out var same) && same.Record.Revision == record.Revision)
            {
                campaigns.Add(same);
                continue;
            }
            var campaign = Campaign.TryCompile(record, counters.TallyFor(record.Definition.Id), out var errors);
            if (campaign is null)
            {
                // The registry validates with the same code, so this means a version mismatch between silos.
                LogNotCompiled(logger, record.Definition.Id, string.Join("; ", errors));
                continue;
            }
            campaigns.Add(campaign);
        }
        current = new CampaignSet(snapshot.Version, campaigns);
        LogCatalog(logger, snapshot.Version, campaigns.Count, snapshot.Campaigns.Count);
        loaded.TrySetResult();
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Error, Message = "Campaign {Id} could not be compiled and is not evaluated on this silo: {Errors}")]
    private static partial void LogNotCompiled(ILogger logger, string id, string errors);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Campaign catalog version {Version}: {Active} active of {Total}")]
    private static partial void LogCatalog(ILogger logger, long version, int active, int total);
}
