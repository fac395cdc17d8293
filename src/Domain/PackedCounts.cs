namespace Cdr.Orleans.Domain;

/// <summary>
/// A fixed-length array of counts (none negative) stored as a version byte, the count of counts and the counts all in
/// the width the largest needs: the weekday x hour histogram's 168 counts take 6 or 7 bits each after a year of calls,
/// where field-by-field storage took two to three bytes.
/// </summary>
public static class PackedCounts
{
    private const byte Version = 1;

    /// <summary>Counts up to this many are staged on the stack while packed: a state write allocates only its bytes.</summary>
    internal const int StackLimit = 256;

    public static byte[] Of(ReadOnlySpan<int> counts)
    {
        Span<ulong> values = counts.Length <= StackLimit ? stackalloc ulong[counts.Length] : new ulong[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            values[i] = (uint)counts[i];
        }
        return Pack(values);
    }

    public static byte[] Of(ReadOnlySpan<byte> counts)
    {
        Span<ulong> values = counts.Length <= StackLimit ? stackalloc ulong[counts.Length] : new ulong[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            values[i] = counts[i];
        }
        return Pack(values);
    }

    private static byte[] Pack(ReadOnlySpan<ulong> values)
    {
        var writer = new PackedWriter(3 + values.Length * 2);
        writer.Byte(Version);
        writer.Unsigned((ulong)values.Length);
        writer.Bits(values);
        return writer.ToArray();
    }

    /// <summary>
    /// Reads the counts into <paramref name="counts"/>, whose length they must have (a caller's stack, say); a
    /// <see cref="FormatException"/> naming <paramref name="what"/> otherwise.
    /// </summary>
    public static void Read(byte[] packed, Span<int> counts, string what)
    {
        var length = counts.Length;
        var reader = new PackedReader(what, packed);
        if (reader.Byte() is var version and not Version)
        {
            throw new FormatException($"{what} are in packed form {version}; this version reads form {Version}");
        }
        if (reader.Unsigned() is var stored && stored != (ulong)length)
        {
            throw new FormatException($"{what} hold {stored} counts, not {length}");
        }
        Span<ulong> values = length <= StackLimit ? stackalloc ulong[length] : new ulong[length];
        reader.Bits(values);
        reader.End();
        for (var i = 0; i < length; i++)
        {
            counts[i] = values[i] <= int.MaxValue ? (int)values[i] : throw new FormatException($"{what} hold {values[i]} where a 32-bit count belongs");
        }
    }
}
