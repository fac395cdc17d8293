namespace Cdr.Orleans.Domain;

/// <summary>
/// Answered voice calls per weekday x hour (UTC), slot = day * 24 + hour: a byte a slot while every count fits in one,
/// an int a slot from the first that does not. Nearly every subscriber stays in bytes (a slot passes 255 after five
/// years of five answered calls a week in the same hour), so the histogram takes 224 bytes of heap instead of 696.
/// Stored packed (<see cref="PackedCounts"/>), whichever width it has in memory.
/// </summary>
public sealed class WeekHourCounts
{
    public const int Slots = 7 * 24;

    private byte[]? narrow = new byte[Slots];
    private int[]? wide;

    /// <summary>Counts read from storage, which must number <see cref="Slots"/>.</summary>
    public static WeekHourCounts From(ReadOnlySpan<int> counts)
    {
        if (counts.Length != Slots)
        {
            throw new FormatException($"weekday x hour counts hold {counts.Length} slots, not {Slots}");
        }
        var restored = new WeekHourCounts();
        if (counts.ContainsAnyExceptInRange(0, byte.MaxValue))
        {
            (restored.narrow, restored.wide) = (null, counts.ToArray());
        }
        else
        {
            for (var i = 0; i < Slots; i++)
            {
                restored.narrow![i] = (byte)counts[i];
            }
        }
        return restored;
    }

    /// <summary>Counts in their stored form (<see cref="Packed"/>), read through the stack: no array but the histogram's own.</summary>
    public static WeekHourCounts FromPacked(byte[] packed, string what)
    {
        Span<int> counts = stackalloc int[Slots];
        PackedCounts.Read(packed, counts, what);
        return From(counts);
    }

    public int this[int slot] => wide is null ? narrow![slot] : wide[slot];

    public void Count(DateTime at) => Count((int)at.DayOfWeek * 24 + at.Hour);

    public void Count(int slot)
    {
        if (wide is null)
        {
            if (narrow![slot] < byte.MaxValue)
            {
                narrow[slot]++;
                return;
            }
            wide = ToArray();
            narrow = null;
        }
        wide[slot]++;
    }

    /// <summary>The slot with the most answered calls, the first on a tie; null when none.</summary>
    public int? Best()
    {
        var best = 0;
        for (var i = 1; i < Slots; i++)
        {
            if (this[i] > this[best])
            {
                best = i;
            }
        }
        return this[best] == 0 ? null : best;
    }

    public int[] ToArray()
    {
        if (wide is not null)
        {
            return (int[])wide.Clone();
        }
        var counts = new int[Slots];
        for (var i = 0; i < Slots; i++)
        {
            counts[i] = narrow![i];
        }
        return counts;
    }

    /// <summary>The stored form: <see cref="PackedCounts"/>, the same bytes whichever width is in memory.</summary>
    public byte[] Packed() => wide is null ? PackedCounts.Of((ReadOnlySpan<byte>)narrow) : PackedCounts.Of((ReadOnlySpan<int>)wide);
}
