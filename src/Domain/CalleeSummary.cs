using System.Numerics;

namespace Cdr.Orleans.Domain;

/// <summary>
/// Who a subscriber calls, in bounded memory whatever its history: the most called numbers as a Space-Saving summary
/// of <see cref="Capacity"/> counters, and the number of distinct callees as a HyperLogLog of 256 registers.
/// <para>
/// Error bounds (docs/architecture.md): a number called more than N / <see cref="Capacity"/> times of N calls is always
/// kept, and its count is at most its <see cref="Errors"/> entry (never more than N / Capacity) above the truth. Until
/// the summary first has to forget a number, counts and the distinct count are exact; after, the distinct count is
/// the HyperLogLog estimate, with a standard error of 1.04 / sqrt(256) = 6.5%.
/// </para>
/// At most 32 x 16 bytes of counters and 256 bytes of registers in memory (the registers made at the first call);
/// stored packed (<see cref="PackedCallees"/>), typically 60% of that.
/// </summary>
[Alias("callee-summary.v1")]
public sealed class CalleeSummary
{
    public const int Capacity = 32;
    private const int RegisterBits = 8;
    /// <summary>The number of HyperLogLog registers <see cref="Ranks"/> holds once made.</summary>
    public const int Registers = 1 << RegisterBits;

    /// <summary>The numbers counted (callee keys, see <see cref="Cdrs.Msisdn.ToKey"/>); the first <see cref="Count"/> are in use.</summary>
    public long[] Keys { get; set; } = [];

    public int[] Counts { get; set; } = [];

    /// <summary>Per counter, how much of its count may belong to the numbers it replaced (0 while exact).</summary>
    public int[] Errors { get; set; } = [];

    /// <summary>
    /// HyperLogLog registers: per bucket of the callee's hash, the position of its first 1 bit after the bucket bits.
    /// Empty until the first number is forgotten: registers depend only on the set of numbers seen, and until then that
    /// set is <see cref="Keys"/>, so they are made from it then, as if every call had been observed.
    /// </summary>
    public byte[] Ranks { get; set; } = [];

    /// <summary>Whether a number was ever forgotten: counts and the distinct count are exact until then.</summary>
    public bool Evicted { get; set; }

    /// <summary>Counters in use.</summary>
    public int Count { get; set; }

    public void Add(long key)
    {
        estimated = null;
        if (Ranks.Length > 0)
        {
            Observe(key);
        }
        var keys = Keys;
        for (var i = 0; i < Count; i++)
        {
            if (keys[i] == key)
            {
                Counts[i]++;
                return;
            }
        }
        if (Count < Capacity)
        {
            if (Count == keys.Length)
            {
                var size = Math.Min(Capacity, Math.Max(4, Count * 2));
                Keys = keys = Grow(keys, size);
                Counts = Grow(Counts, size);
                Errors = Grow(Errors, size);
            }
            keys[Count] = key;
            Counts[Count] = 1;
            Errors[Count] = 0;
            Count++;
            return;
        }
        // Full: the least counted number gives its counter to this one, which may have had up to that many calls.
        if (Ranks.Length == 0)
        {
            Ranks = new byte[Registers];
            for (var i = 0; i < Count; i++)
            {
                Observe(keys[i]);
            }
            Observe(key);
        }
        var least = 0;
        for (var i = 1; i < Count; i++)
        {
            if (Counts[i] < Counts[least])
            {
                least = i;
            }
        }
        keys[least] = key;
        Errors[least] = Counts[least];
        Counts[least]++;
        Evicted = true;
    }

    private static T[] Grow<T>(T[] array, int size)
    {
        var grown = new T[size];
        array.CopyTo(grown, 0);
        return grown;
    }

    /// <summary>The <paramref name="count"/> most called numbers, most first, then by key.</summary>
    public IEnumerable<(long Key, int Count)> Top(int count) =>
        Keys.Take(Count).Select((k, i) => (Key: k, Count: Counts[i])).OrderByDescending(c => c.Count).ThenBy(c => c.Key).Take(count);

    /// <summary>Distinct numbers called: exact until one was forgotten, then the HyperLogLog estimate.</summary>
    public int Distinct => Evicted ? estimated ??= Math.Max(Capacity + 1, (int)Math.Round(Estimate())) : Count;

    // Not stored: the estimate sums 256 registers, and a feature vector reads it per decision; cleared by every call added.
    [NonSerialized]
    private int? estimated;

    private void Observe(long key)
    {
        var hash = Mix((ulong)key);
        var bucket = (int)(hash >> (64 - RegisterBits));
        var rank = (byte)(BitOperations.LeadingZeroCount((hash << RegisterBits) | (1UL << (RegisterBits - 1))) + 1);
        if (rank > Ranks[bucket])
        {
            Ranks[bucket] = rank;
        }
    }

    private double Estimate()
    {
        if (Ranks.Length == 0)
        {
            return Count;
        }
        double sum = 0;
        var zeros = 0;
        foreach (var rank in Ranks)
        {
            sum += Math.ScaleB(1, -rank);
            zeros += rank == 0 ? 1 : 0;
        }
        var raw = 0.7213 / (1 + 1.079 / Registers) * Registers * Registers / sum;
        // Small cardinalities: linear counting over the empty registers is the better estimate.
        return raw <= 2.5 * Registers && zeros > 0 ? Registers * Math.Log((double)Registers / zeros) : raw;
    }

    /// <summary>A 64-bit finaliser (SplitMix64): callee keys are phone numbers, far from uniform bits.</summary>
    private static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9UL;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebUL;
        return x ^ (x >> 31);
    }

    /// <summary>A summary of the per-callee counts a state of an older version kept exactly.</summary>
    public static CalleeSummary From(Dictionary<long, int> callees)
    {
        var summary = new CalleeSummary();
        foreach (var (key, count) in callees.OrderByDescending(c => c.Value).ThenBy(c => c.Key))
        {
            summary.Add(key);
            var index = Array.IndexOf(summary.Keys, key, 0, summary.Count);
            summary.Counts[index] += count - 1;
        }
        return summary;
    }
}
