namespace Cdr.Orleans.Contracts.Cdrs;

/// <summary>
/// A CDR the engine accepted but could not apply to one subscriber (its fold threw): set aside, never retried, so that
/// the rest of its batch is applied and the partition goes on. <see cref="Subscriber"/> is the full MSISDN (operators
/// need it to repair); logs show it masked.
/// </summary>
[GenerateSerializer, Immutable, Alias("dead-letter.v1")]
public sealed record DeadLetter(
    [property: Id(0)] int Partition,
    [property: Id(1)] string Subscriber,
    [property: Id(2)] string CdrId,
    [property: Id(3)] string Reason,
    [property: Id(4)] DateTime AtUtc);
