namespace Cdr.Orleans.Contracts.Callees;

/// <param name="Numbers">E.164 number to category.</param>
/// <param name="Source">Where it was loaded from (a file name), for people.</param>
[GenerateSerializer, Immutable, Alias("directory-snapshot.v1")]
public sealed record DirectorySnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyDictionary<string, CalleeCategory> Numbers,
    [property: Id(2)] string Source);
