using Cdr.Orleans.Domain.Cdrs;

namespace Cdr.Orleans.Grains.Segments;

/// <summary>
/// The numbers a segment query has met, to skip repeats: a number in E.164 form is kept as its key
/// (<see cref="Msisdn.ToKey"/>, a tenth of a string's heap, which matters when a query meets ten million), anything
/// else as its string.
/// </summary>
public sealed class SeenNumbers
{
    private readonly HashSet<long> numeric = [];
    private readonly HashSet<string> other = new(StringComparer.Ordinal);

    public int Count => numeric.Count + other.Count;

    /// <summary>True the first time a number is met.</summary>
    public bool Add(string msisdn) => Msisdn.IsValid(msisdn) ? numeric.Add(Msisdn.ToKey(msisdn)) : other.Add(msisdn);
}
