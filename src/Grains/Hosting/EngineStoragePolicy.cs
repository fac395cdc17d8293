namespace Cdr.Orleans.Grains.Hosting;

/// <summary>
/// Whether the engine storage (campaigns, budgets, results, traffic, roster, directory) is in-memory: embedded mode
/// without a data directory. In-memory grain storage lives in the silos' own storage grains, which a stopping silo
/// deactivates along with everything else, so a write there as the silo stops has nowhere to go and is not made.
/// </summary>
public sealed record EngineStoragePolicy(bool InMemory)
{
    /// <summary>Whether a deactivating engine grain with unwritten changes should write them now.</summary>
    public bool WriteOnDeactivation(DeactivationReasonCode reason) => !(InMemory && reason == DeactivationReasonCode.ShuttingDown);
}
