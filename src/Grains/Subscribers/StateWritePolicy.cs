using Cdr.Orleans.Grains.Hosting;

namespace Cdr.Orleans.Grains.Subscribers;

/// <summary>
/// When a subscriber grain writes its state: <see cref="EngineOptions.StateWrites"/>, and whether the storage behind it
/// is in-memory. In-memory grain storage lives in the silos' own storage grains, which a stopping silo deactivates along
/// with everything else, so a write at silo shutdown has nowhere to go.
/// </summary>
public sealed record StateWritePolicy(StateWriteMode Mode, bool InMemoryStorage)
{
    public bool EveryBatch => Mode == StateWriteMode.EveryBatch;

    /// <summary>Whether a deactivating grain with unwritten changes should write them now.</summary>
    public bool WriteOnDeactivation(DeactivationReasonCode reason) =>
        Mode == StateWriteMode.OnDeactivation && !(InMemoryStorage && reason == DeactivationReasonCode.ShuttingDown);
}
