namespace Cdr.Orleans.Contracts.Subscribers;

[GenerateSerializer, Immutable, Alias("callee-count.v1")]
public sealed record CalleeCount(
    [property: Id(0)] string Msisdn,
    [property: Id(1)] int Count);
