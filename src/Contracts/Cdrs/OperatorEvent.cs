namespace Cdr.Orleans.Contracts.Cdrs;

/// <summary>
/// The figures of an operator's event (a record whose <see cref="CallDetailRecord.Type"/> is <see cref="CdrType.TopUp"/>
/// or later); each kind uses its own fields and leaves the others empty. Amounts are in the account's currency, volumes
/// in bytes, times UTC.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("operator-event.v1")]
public sealed record OperatorEvent(
    [property: Id(0)] decimal Amount = 0,
    [property: Id(1)] decimal? Balance = null,
    [property: Id(2)] string? Channel = null,
    [property: Id(3)] long Allowance = 0,
    [property: Id(4)] long Used = 0,
    [property: Id(5)] DateTime? RenewalUtc = null,
    [property: Id(6)] string? Country = null,
    [property: Id(7)] string? Device = null);
