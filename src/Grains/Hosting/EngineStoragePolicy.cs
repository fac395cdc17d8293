namespace Cdr.Orleans.Grains.Hosting;

/// <summary>
/// Whether the engine storage (campaigns, budgets, results, traffic, roster, directory) is in-memory: embedded mode
/// without a data directory. In-memory grain storage lives in the silos' own storage grains, which a stopping silo
/// deactivates along with everything else, so once the silo is stopping a write there has nowhere to go (and Orleans
/// logs the failed call as an error): such writes are not made.
/// </summary>
/// <param name="stopping">Cancelled when the silo's host begins to stop.</param>
public sealed class EngineStoragePolicy(bool inMemory, CancellationToken stopping = default)
{
    public bool InMemory => inMemory;

    /// <summary>Whether an engine grain should write its state now (a timer's save, or a deactivation's).</summary>
    public bool CanWrite => !(inMemory && stopping.IsCancellationRequested);

    /// <summary>Whether a deactivating engine grain with unwritten changes should write them now.</summary>
    public bool WriteOnDeactivation(DeactivationReasonCode reason) => CanWrite && !(inMemory && reason == DeactivationReasonCode.ShuttingDown);
}
