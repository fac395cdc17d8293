namespace Cdr.Orleans.Grains.Hosting;

/// <summary>When subscriber state goes to grain storage.</summary>
public enum StateWriteMode
{
    /// <summary>
    /// Keep the state in the activation and write it when the grain deactivates (idle, memory pressure, silo shutdown).
    /// With in-memory storage this keeps everything a write per batch would keep, short of a silo crash, which loses
    /// that silo's memory queues as well; it removes a storage call and a serialization from every batch.
    /// </summary>
    OnDeactivation,

    /// <summary>Write before each batch is acknowledged: nothing acknowledged is unstored. For durable storage.</summary>
    EveryBatch,

    /// <summary>
    /// Durable mode's default. Keep the state in the activation; every <see cref="EngineOptions.CheckpointInterval"/>
    /// each partition asks the subscribers it gave batches to since its last checkpoint to write (one write per
    /// subscriber, however many batches it took), and only then acknowledges those batches' stream entries. A subscriber
    /// whose unsaved state was lost meanwhile (its silo died) misses batches that are still in the stream: the partition
    /// sees the gap and gives them again. Nothing acknowledged is unstored, as with <see cref="EveryBatch"/>.
    /// </summary>
    Checkpoint,
}
