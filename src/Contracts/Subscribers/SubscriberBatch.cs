using Cdr.Orleans.Contracts.Cdrs;

namespace Cdr.Orleans.Contracts.Subscribers;

/// <summary>
/// What one partition batch holds for one subscriber: the CDRs it originated and the voice calls and SMS it received
/// (when it is the callee). <see cref="Partition"/> and <see cref="Position"/> say where in the stream they came from,
/// <see cref="PublishedUtc"/> when (for the publish-to-offer latency). <see cref="Previous"/>: the position of the last
/// batch this partition gave this subscriber since its last checkpoint (0: none), so that a subscriber whose unsaved
/// state was lost (its silo died) sees the gap instead of applying this batch over it. <see cref="Replayed"/>: read again
/// from the stream to fill such a gap.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("subscriber-batch.v1")]
public sealed record SubscriberBatch(
    [property: Id(0)] int Partition,
    [property: Id(1)] long Position,
    [property: Id(2)] IReadOnlyList<CallDetailRecord> Outgoing,
    [property: Id(3)] IReadOnlyList<CallDetailRecord> Incoming,
    [property: Id(4)] DateTime? PublishedUtc = null,
    [property: Id(5)] long Previous = 0,
    [property: Id(6)] bool Replayed = false);
