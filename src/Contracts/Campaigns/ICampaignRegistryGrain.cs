using Orleans.Concurrency;

namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>
/// The cluster's campaigns (one grain, key 0), stored in the engine storage so that they survive restarts. Silos
/// do not call it per CDR: each keeps a compiled copy and asks for changes a few times a second.
/// </summary>
public interface ICampaignRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Adds a campaign; with <paramref name="replace"/>, replaces the definition of an existing one (a new revision).
    /// <paramref name="by"/> says who, for the campaign's history.
    /// </summary>
    Task<CampaignCommandResult> CreateAsync(CampaignDefinition definition, bool replace, string? by = null);

    Task<CampaignCommandResult> SetStatusAsync(string id, CampaignStatus status, string? by = null);

    /// <summary>
    /// A silo found that <paramref name="revision"/> of campaign <paramref name="id"/> keeps failing: it is quarantined
    /// with <paramref name="reason"/> unless it was changed since (another revision) or is no longer active.
    /// </summary>
    Task QuarantineAsync(string id, int revision, string reason);

    [AlwaysInterleave]
    Task<IReadOnlyList<CampaignRecord>> ListAsync();

    [AlwaysInterleave]
    Task<CampaignRecord?> GetAsync(string id);

    /// <summary>Sets the contact policy (validated; a new revision); refused with the reasons when it is not valid.</summary>
    Task<PolicyCommandResult> SetPolicyAsync(ContactPolicy policy);

    [AlwaysInterleave]
    Task<ContactPolicy> GetPolicyAsync();

    /// <summary>The whole catalog when its version differs from <paramref name="knownVersion"/>; otherwise null.</summary>
    [AlwaysInterleave]
    Task<CampaignCatalogSnapshot?> GetIfChangedAsync(long knownVersion);
}
