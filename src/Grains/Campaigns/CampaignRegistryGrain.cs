using Cdr.Orleans.Contracts;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Campaigns;

namespace Cdr.Orleans.Grains.Campaigns;

/// <summary>
/// Keeps the cluster's campaigns, validates every change with the Domain's rules, and stores before it answers, so
/// an accepted change survives a restart. Silos poll <see cref="GetIfChangedAsync"/>; nothing here is on the CDR path.
/// </summary>
public sealed partial class CampaignRegistryGrain(
    [PersistentState("campaigns", StorageNames.Engine)] IPersistentState<CampaignRegistryState> state,
    TimeProvider time,
    Microsoft.Extensions.Logging.ILogger<CampaignRegistryGrain> logger) : Grain, ICampaignRegistryGrain
{
    public async Task<CampaignCommandResult> CreateAsync(CampaignDefinition definition, bool replace, string? by = null)
    {
        // Whoever calls: the CLI validated already, but any client can send any definition, null parts included.
        var errors = CampaignValidator.Validate(definition);
        if (errors.Count > 0)
        {
            return new CampaignCommandResult(null, errors);
        }
        definition = CampaignValidator.Normalize(definition);
        var existing = state.State.Campaigns.GetValueOrDefault(definition.Id);
        if (existing is not null && !replace)
        {
            return CampaignCommandResult.Refused(
                $"a campaign with id '{definition.Id}' exists ({existing.Status.ToString().ToLowerInvariant()}); " +
                "give the new one another id, or use --replace to give this one a new definition");
        }
        if (existing is { Status: CampaignStatus.Stopped })
        {
            return CampaignCommandResult.Refused($"campaign '{definition.Id}' is stopped, which is final; create the new definition under another id");
        }
        // The budget first: silos must never see the campaign without it.
        await GrainFactory.GetGrain<ICampaignBudgetGrain>(definition.Id).SetLimitAsync(definition.Caps.Budget);
        var now = time.GetUtcNow().UtcDateTime;
        // A new definition is the fix of a quarantined one: it is evaluated again.
        var status = existing?.Status is null or CampaignStatus.Quarantined ? CampaignStatus.Active : existing.Status;
        var record = new CampaignRecord(definition, status, (existing?.Revision ?? 0) + 1, existing?.CreatedUtc ?? now, now, ChangedBy: By(by));
        return await StoreAsync(record);
    }

    public async Task<CampaignCommandResult> SetStatusAsync(string id, CampaignStatus status, string? by = null)
    {
        if (state.State.Campaigns.GetValueOrDefault(id) is not { } existing)
        {
            return CampaignCommandResult.Refused($"no campaign '{id}'; 'campaign list' shows the ids");
        }
        if (existing.Status == status)
        {
            return new CampaignCommandResult(existing, []);
        }
        if (existing.Status == CampaignStatus.Stopped)
        {
            return CampaignCommandResult.Refused($"campaign '{id}' is stopped, which is final; create it again under another id");
        }
        if (status == CampaignStatus.Quarantined)
        {
            return CampaignCommandResult.Refused("only the engine quarantines a campaign (when its evaluation keeps failing); pause it instead");
        }
        return await StoreAsync(existing with
        {
            Status = status, Revision = existing.Revision + 1, ChangedUtc = time.GetUtcNow().UtcDateTime, StatusReason = null, ChangedBy = By(by),
        });
    }

    public async Task QuarantineAsync(string id, int revision, string reason)
    {
        if (state.State.Campaigns.GetValueOrDefault(id) is not { Status: CampaignStatus.Active } existing || existing.Revision != revision)
        {
            return; // changed since: the silo's finding is about a definition that is no longer evaluated
        }
        var text = reason.Length <= 500 ? reason : reason[..500] + "...";
        await StoreAsync(existing with
        {
            Status = CampaignStatus.Quarantined, Revision = existing.Revision + 1, ChangedUtc = time.GetUtcNow().UtcDateTime, StatusReason = text,
            ChangedBy = "the engine",
        });
    }

    public Task<IReadOnlyList<CampaignRecord>> ListAsync() =>
        Task.FromResult<IReadOnlyList<CampaignRecord>>(
            [.. state.State.Campaigns.Values.OrderByDescending(c => c.Definition.Priority).ThenBy(c => c.Definition.Id, StringComparer.Ordinal)]);

    public Task<CampaignRecord?> GetAsync(string id) => Task.FromResult(state.State.Campaigns.GetValueOrDefault(id));

    public Task<CampaignCatalogSnapshot?> GetIfChangedAsync(long knownVersion) =>
        Task.FromResult(knownVersion == state.State.Version
            ? null
            : new CampaignCatalogSnapshot(state.State.Version, [.. state.State.Campaigns.Values], state.State.Policy));

    public Task<ContactPolicy> GetPolicyAsync() => Task.FromResult(state.State.Policy ?? ContactPolicy.None);

    public async Task<PolicyCommandResult> SetPolicyAsync(ContactPolicy policy)
    {
        if (ContactRules.Validate(policy) is { Count: > 0 } errors)
        {
            return new PolicyCommandResult(null, errors);
        }
        var stored = policy with
        {
            QuietHours = string.IsNullOrWhiteSpace(policy.QuietHours) ? null : policy.QuietHours.Trim(),
            Revision = (state.State.Policy?.Revision ?? 0) + 1,
            ChangedUtc = time.GetUtcNow().UtcDateTime,
        };
        await ReplaceAsync(new CampaignRegistryState { Campaigns = state.State.Campaigns, Version = state.State.Version + 1, Policy = stored });
        return new PolicyCommandResult(stored, []);
    }

    private async Task<CampaignCommandResult> StoreAsync(CampaignRecord record)
    {
        // Changed on copies, so that interleaved reads never see a half-made change and a failed write changes nothing.
        // The history first: a revision the registry stores is always in it (one it could not store is replaced by the next).
        await GrainFactory.GetGrain<ICampaignHistoryGrain>(record.Definition.Id).AppendAsync(record);
        var campaigns = new Dictionary<string, CampaignRecord>(state.State.Campaigns) { [record.Definition.Id] = record };
        await ReplaceAsync(new CampaignRegistryState { Campaigns = campaigns, Version = state.State.Version + 1, Policy = state.State.Policy });
        LogChanged(logger, record.Definition.Id, record.Revision, record.Status, record.ChangedBy ?? "", record.StatusReason ?? "");
        return new CampaignCommandResult(record, []);
    }

    /// <summary>Who, as the history keeps it: at most 200 characters of text, no control characters; "unknown" when not said.</summary>
    private static string By(string? by)
    {
        var text = new string([.. (by ?? "").Where(c => !char.IsControl(c))]).Trim();
        return text.Length == 0 ? "unknown" : text.Length <= 200 ? text : text[..200];
    }

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 1330, Level = Microsoft.Extensions.Logging.LogLevel.Information,
        Message = "Campaign {CampaignId} revision {Revision}: {Status} by {By} {Reason}")]
    private static partial void LogChanged(Microsoft.Extensions.Logging.ILogger logger, string campaignId, int revision, CampaignStatus status, string by, string reason);

    /// <summary>Stores <paramref name="next"/> as the whole state; if the write fails, the state is as it was.</summary>
    private async Task ReplaceAsync(CampaignRegistryState next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }
}
