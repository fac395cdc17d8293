using Orleans.Concurrency;

namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>
/// The cluster's campaigns (one grain, key 0), stored in the engine storage so that they survive restarts. Silos
/// do not call it per CDR: each keeps a compiled copy and asks for changes a few times a second.
/// </summary>
public interface ICampaignRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a campaign; with <paramref name="replace"/>, replaces the definition of an existing one (a new revision).</summary>
    Task<CampaignCommandResult> CreateAsync(CampaignDefinition definition, bool replace);

    Task<CampaignCommandResult> SetStatusAsync(string id, CampaignStatus status);

    [AlwaysInterleave]
    Task<IReadOnlyList<CampaignRecord>> ListAsync();

    [AlwaysInterleave]
    Task<CampaignRecord?> GetAsync(string id);

    /// <summary>The whole catalog when its version differs from <paramref name="knownVersion"/>; otherwise null.</summary>
    [AlwaysInterleave]
    Task<CampaignCatalogSnapshot?> GetIfChangedAsync(long knownVersion);
}

/// <summary>A campaign's total budget (one grain per campaign id), shared by every silo: never exceeded.</summary>
public interface ICampaignBudgetGrain : IGrainWithStringKey
{
    /// <summary>Sets the budget; null means unlimited. Offers already taken still count.</summary>
    Task SetLimitAsync(long? limit);

    /// <summary>Takes one offer from the budget; false when none is left. Durable before it returns true.</summary>
    Task<bool> TryTakeAsync();

    [AlwaysInterleave]
    Task<BudgetState> GetAsync();
}

[GenerateSerializer, Immutable, Alias("budget-state.v1")]
public sealed record BudgetState(
    [property: Id(0)] long? Limit,
    [property: Id(1)] long Taken)
{
    public long? Left => Limit is { } limit ? Math.Max(0, limit - Taken) : null;
}
