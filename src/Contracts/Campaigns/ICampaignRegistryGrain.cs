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

/// <summary>
/// A campaign's total budget (one grain per campaign id), shared by every silo: never exceeded. Silos take offers in
/// small leases and hand them out locally, so most offers cost no call here.
/// </summary>
public interface ICampaignBudgetGrain : IGrainWithStringKey
{
    /// <summary>Sets the budget; null means unlimited. Offers already taken still count.</summary>
    Task SetLimitAsync(long? limit);

    /// <summary>
    /// Takes up to <paramref name="wanted"/> offers for a silo to hand out: fewer near the end (at most a quarter of what
    /// is left, at least one), none when the budget is spent. Durable before it returns.
    /// </summary>
    Task<int> TakeAsync(int wanted);

    [AlwaysInterleave]
    Task<BudgetState> GetAsync();
}

/// <summary>A budget's limit and the offers taken from it (sent, or leased to a silo and not yet sent).</summary>
[GenerateSerializer, Immutable, Alias("budget-state.v1")]
public sealed record BudgetState(
    [property: Id(0)] long? Limit,
    [property: Id(1)] long Taken)
{
    public long? Left => Limit is { } limit ? Math.Max(0, limit - Taken) : null;
}
