using Cdr.Orleans.Grains.Hosting;

namespace Cdr.Orleans.Grains.Subscribers;

/// <summary>
/// When a subscriber grain writes its state: <see cref="EngineOptions.StateWrites"/>, and whether the storage behind it
/// is in-memory. In-memory grain storage lives in the silos' own storage grains, which a stopping silo deactivates along
/// with everything else, so a write at silo shutdown has nowhere to go. <see cref="SkipApplied"/>: durable mode, where
/// stream positions are permanent, skips a batch whose position the subscriber has applied already.
/// </summary>
public sealed record StateWritePolicy(StateWriteMode Mode, bool InMemoryStorage, bool SkipApplied = false)
{
    public bool EveryBatch => Mode == StateWriteMode.EveryBatch;

    /// <summary>Partitions checkpoint: subscribers write when asked (<see cref="StateWriteMode.Checkpoint"/>).</summary>
    public bool Checkpoints => Mode == StateWriteMode.Checkpoint;

    /// <summary>Whether a deactivating grain with unwritten changes should write them now.</summary>
    public bool WriteOnDeactivation(DeactivationReasonCode reason) =>
        Mode switch
        {
            StateWriteMode.OnDeactivation => !(InMemoryStorage && reason == DeactivationReasonCode.ShuttingDown),
            StateWriteMode.Checkpoint => true, // saves the replay of what it applied since the last checkpoint
            _ => false,
        };
}
