namespace Cdr.Orleans.Contracts.Cdrs;

/// <summary>
/// One call detail record as the network produced it: a voice call, an SMS or a data session originated by
/// <see cref="Caller"/>; or one of the operator's events about that subscriber (a top-up, a balance, a bundle, a
/// network registration, a device change: <see cref="CdrType"/>), whose figures are in <see cref="Event"/> and whose
/// time is <see cref="StartUtc"/>. Events travel the same stream, partitioned by subscriber, and are applied exactly once
/// the same way. Numbers are E.164 ("+447700900123"); times are UTC. <see cref="Operator"/> is the caller's
/// operator where the feed says it (a replayed file's operator column); the profile's, when there is one, comes first.
/// No reference tracking: a batch never holds the same record twice, and tracking hundreds of records per batch
/// grows a dictionary on every serialization and deserialization.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("cdr.v1")]
public sealed record CallDetailRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Caller,
    [property: Id(2)] string Callee,
    [property: Id(3)] DateTime StartUtc,
    [property: Id(4)] int DurationSeconds,
    [property: Id(5)] CdrType Type,
    [property: Id(6)] long DataBytes,
    [property: Id(7)] CallResult Result,
    [property: Id(8)] decimal Charge,
    [property: Id(9)] string Region,
    [property: Id(10)] bool Roaming,
    [property: Id(11)] string CalleeCountry,
    [property: Id(12)] string? Operator = null,
    [property: Id(13)] OperatorEvent? Event = null);
