namespace Cdr.Orleans.Contracts.Subscribers;

/// <summary>
/// Who the subscriber calls, from the number directory: voice calls and SMS per tag, and the category and tag called
/// most among listed numbers (Private when none was listed).
/// </summary>
[GenerateSerializer, Immutable, Alias("callee-mix.v1")]
public sealed record CalleeMix(
    [property: Id(0)] string TopCategory,
    [property: Id(1)] string TopTag,
    [property: Id(2)] IReadOnlyDictionary<string, long> CallsByTag);
