using Cdr.Orleans.Contracts.Cdrs;

namespace Cdr.Orleans.Contracts.Streams;

/// <summary>
/// What a partition's checkpoints need from a durable CDR stream whose entries stay until the partition acknowledges
/// them: the entries still there (to give again to a subscriber that lost them), and the acknowledgement.
/// </summary>
public interface IPartitionLog
{
    /// <summary>
    /// The batches of <paramref name="partition"/> still in the stream at positions before <paramref name="before"/>,
    /// oldest first. Entries that cannot be decoded are left out (the stream's reader moves them to the dead letters).
    /// </summary>
    Task<IReadOnlyList<(long Position, CdrBatch Batch)>> ReadRetainedAsync(int partition, long before);

    /// <summary>The entries at these positions are applied and stored: acknowledge them and let them go.</summary>
    Task AcknowledgeAsync(int partition, IReadOnlyCollection<long> positions);
}
