using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Campaigns;
using Microsoft.Extensions.Logging;

namespace Cdr.Orleans.Grains.Campaigns;

/// <summary>
/// This silo's compiled copy of the active campaigns (a singleton). Subscriber grains read <see cref="Current"/>, a
/// plain field read per batch; <see cref="CampaignCatalogRefresher"/> replaces it when the registry's version moves.
/// A campaign whose revision did not change keeps its compiled delegates. A stored campaign that cannot be compiled
/// is skipped with its reason, and one whose rules keep failing stops being evaluated: the catalog of the others
/// loads and runs whatever one campaign holds.
/// </summary>
public sealed partial class CampaignCatalog(CampaignCounters counters, ILogger<CampaignCatalog> logger)
{
    private readonly TaskCompletionSource loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile CampaignSet current = CampaignSet.Empty;
    private readonly Dictionary<(string Id, int Revision), string> notCompiled = [];
    private readonly HashSet<(string Id, int Revision)> reported = [];
    private readonly HashSet<(string Id, int Revision)> logged = [];

    public CampaignSet Current => current;

    /// <summary>How many campaigns the registry holds in each status, as of the latest catalog (read by the metrics).</summary>
    public IReadOnlyDictionary<CampaignStatus, int> Statuses { get; private set; } = new Dictionary<CampaignStatus, int>();

    /// <summary>Completes once the first catalog is in: CDRs are not evaluated against an empty set by mistake.</summary>
    public Task WhenLoaded => loaded.Task;

    public bool IsLoaded => loaded.Task.IsCompleted;

    public void Apply(CampaignCatalogSnapshot snapshot)
    {
        var previous = current.All.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var campaigns = new List<Campaign>();
        foreach (var record in snapshot.Campaigns)
        {
            if (record?.Definition?.Id is not { } id || record.Status != CampaignStatus.Active)
            {
                continue;
            }
            if (previous.TryGetValue(id, out var same) && same.Record.Revision == record.Revision)
            {
                campaigns.Add(same);
                continue;
            }
            if (Compile(record) is { } campaign)
            {
                campaigns.Add(campaign);
            }
        }
        current = new CampaignSet(snapshot.Version, campaigns, new ContactRules(snapshot.Policy ?? ContactPolicy.None));
        Statuses = snapshot.Campaigns.Where(r => r is not null).GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
        LogCatalog(logger, snapshot.Version, campaigns.Count, snapshot.Campaigns.Count);
        loaded.TrySetResult();
    }

    /// <summary>
    /// Campaigns this silo set aside and has not reported yet: those whose rules kept failing, and those it could not
    /// compile. The refresher asks the registry to quarantine them, so that <c>campaign show</c> says why. Called by
    /// the refresher only (one caller at a time).
    /// </summary>
    public IReadOnlyList<(string Id, int Revision, string Reason)> TakeQuarantines()
    {
        List<(string, int, string)>? found = null;
        foreach (var campaign in current.All)
        {
            if (campaign.QuarantineReason is { } reason && !reported.Contains((campaign.Id, campaign.Record.Revision)))
            {
                if (logged.Add((campaign.Id, campaign.Record.Revision)))
                {
                    LogQuarantined(logger, campaign.Id, reason);
                }
                (found ??= []).Add((campaign.Id, campaign.Record.Revision, reason));
            }
        }
        lock (notCompiled)
        {
            foreach (var (key, reason) in notCompiled)
            {
                if (!reported.Contains(key))
                {
                    (found ??= []).Add((key.Id, key.Revision, reason));
                }
            }
        }
        return found ?? [];
    }

    /// <summary>The registry took the quarantine of <paramref name="id"/> at <paramref name="revision"/>: not reported again.</summary>
    public void Reported(string id, int revision) => reported.Add((id, revision));

    /// <summary>A stored campaign that cannot be compiled (or throws while compiling) is skipped with its reason; the others load.</summary>
    private Campaign? Compile(CampaignRecord record)
    {
        var id = record.Definition.Id;
        string reason;
        try
        {
            if (Campaign.TryCompile(record, counters.TallyFor(id), out var errors) is { } campaign)
            {
                return campaign;
            }
            reason = $"it cannot be compiled: {string.Join("; ", errors)}";
        }
        catch (Exception ex)
        {
            reason = $"it cannot be compiled: {ex.GetType().Name}: {ex.Message}";
        }
        LogNotCompiled(logger, id, reason);
        lock (notCompiled)
        {
            notCompiled[(id, record.Revision)] = reason;
        }
        return null;
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Error, Message = "Campaign {Id} is not evaluated on this silo: {Reason}")]
    private static partial void LogNotCompiled(ILogger logger, string id, string reason);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Error, Message = "Campaign {Id} is quarantined: {Reason}")]
    private static partial void LogQuarantined(ILogger logger, string id, string reason);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Campaign catalog version {Version}: {Active} active of {Total}")]
    private static partial void LogCatalog(ILogger logger, long version, int active, int total);
}
