namespace Cdr.Orleans.Contracts.Cdrs;

/// <summary>
/// The unit the CDR stream carries: the CDRs of one partition, published together. Batching is where the speed
/// is (one stream event and one queue slot for many CDRs). <see cref="PublishedUtc"/> lets the engine measure
/// end-to-end lag. <see cref="Positions"/>: set by a feed whose positions are per message rather than per batch (Kafka:
/// a message's offset + 1), the position of the message each CDR came in, in order; null when every CDR of the batch
/// shares the batch's position (the engine's own streams).
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("cdr-batch.v1")]
public sealed record CdrBatch(
    [property: Id(0)] int Partition,
    [property: Id(1)] IReadOnlyList<CallDetailRecord> Cdrs,
    [property: Id(2)] DateTime PublishedUtc,
    [property: Id(3)] IReadOnlyList<long>? Positions = null);
