namespace Cdr.Orleans.Grains.Segments;

/// <summary>
/// The numbers a segment query has met, to skip repeats: a number written "+" and up to 17 digits is kept as a long
/// (a tenth of a string's heap, which matters when a query meets ten million), anything else as its string.
/// </summary>
public sealed class SeenNumbers
{
    private readonly HashSet<long> numeric = [];
    private readonly HashSet<string> other = new(StringComparer.Ordinal);

    public int Count => numeric.Count + other.Count;

    /// <summary>True the first time a number is met.</summary>
    public bool Add(string msisdn) => Packed(msisdn) is { } value ? numeric.Add(value) : other.Add(msisdn);

    /// <summary>"+447700900123" as 447700900123, with a leading 1 so that "+0" and "+00" differ; null when not "+" and 1-17 digits.</summary>
    public static long? Packed(string msisdn)
    {
        if (msisdn.Length is < 2 or > 18 || msisdn[0] != '+')
        {
            return null;
        }
        long value = 1;
        for (var i = 1; i < msisdn.Length; i++)
        {
            var digit = msisdn[i] - '0';
            if ((uint)digit > 9)
            {
                return null;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
