namespace Cdr.Orleans.Domain;

/// <summary>
/// Writes the packed forms a subscriber's state is stored in (<see cref="PackedWindows"/>, <see cref="PackedCallees"/>,
/// <see cref="PackedCounts"/>): variable-length integers, seven bits per byte, low first, the top bit saying another
/// byte follows; signed values zig-zagged so that small negatives stay short.
/// </summary>
internal struct PackedWriter(int capacity)
{
    private byte[] bytes = new byte[Math.Max(capacity, 8)];
    private int length;

    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    public void Byte(byte value)
    {
        if (length == bytes.Length)
        {
            Array.Resize(ref bytes, bytes.Length * 2);
        }
        bytes[length++] = value;
    }

    public void Unsigned(ulong value)
    {
        while (value >= 0x80)
        {
            Byte((byte)(value | 0x80));
            value >>= 7;
        }
        Byte((byte)value);
    }

    public void Signed(long value) => Unsigned(ZigZag(value));

    /// <summary>Eight bytes, low first: for values with no shorter form (hashes).</summary>
    public void Fixed64(ulong value)
    {
        for (var shift = 0; shift < 64; shift += 8)
        {
            Byte((byte)(value >> shift));
        }
    }

    /// <summary>A flags byte (scale in bits 0-4, high digits present in bit 5, sign in bit 7), the low 64 bits of the digits, the high 32 when present.</summary>
    public void Decimal(decimal value)
    {
        Span<int> parts = stackalloc int[4];
        decimal.GetBits(value, parts);
        var scale = (byte)((parts[3] >> 16) & 0x1F);
        var high = (uint)parts[2];
        Byte((byte)(scale | (high != 0 ? 0x20 : 0) | (parts[3] < 0 ? 0x80 : 0)));
        Unsigned(((ulong)(uint)parts[1] << 32) | (uint)parts[0]);
        if (high != 0)
        {
            Unsigned(high);
        }
    }

    /// <summary>
    /// Values of one kind, all in the width the largest needs: a byte for the width (0 when all are 0), then the values
    /// bit by bit, low bits first. 168 counts under 64 take 126 bytes where one byte each would take 168.
    /// </summary>
    public void Bits(ReadOnlySpan<ulong> values)
    {
        ulong any = 0;
        foreach (var value in values)
        {
            any |= value;
        }
        var width = 64 - System.Numerics.BitOperations.LeadingZeroCount(any);
        Byte((byte)width);
        Payload(values, width);
    }

    /// <summary>
    /// Signed values of one kind, as <see cref="Bits"/> writes counts: the width byte's top bit says they are zig-zagged
    /// (some are negative), so that counts, which never are, pay nothing for the sign.
    /// </summary>
    public void SignedBits(ReadOnlySpan<long> values)
    {
        var negative = false;
        foreach (var value in values)
        {
            negative |= value < 0;
        }
        Span<ulong> unsigned = values.Length <= PackedCounts.StackLimit ? stackalloc ulong[values.Length] : new ulong[values.Length];
        ulong any = 0;
        for (var i = 0; i < values.Length; i++)
        {
            unsigned[i] = negative ? ZigZag(values[i]) : (ulong)values[i];
            any |= unsigned[i];
        }
        var width = 64 - System.Numerics.BitOperations.LeadingZeroCount(any);
        Byte((byte)(width | (negative ? 0x80 : 0)));
        Payload(unsigned, width);
    }

    private void Payload(ReadOnlySpan<ulong> values, int width)
    {
        if (width == 0)
        {
            return;
        }
        UInt128 pending = 0;
        var held = 0;
        foreach (var value in values)
        {
            pending |= (UInt128)value << held;
            held += width;
            while (held >= 8)
            {
                Byte((byte)pending);
                pending >>= 8;
                held -= 8;
            }
        }
        if (held > 0)
        {
            Byte((byte)pending);
        }
    }

    public readonly byte[] ToArray() => bytes.AsSpan(0, length).ToArray();
}

/// <summary>Reads what <see cref="PackedWriter"/> wrote; bytes that are not such a form are a <see cref="FormatException"/> naming <paramref name="what"/>.</summary>
internal ref struct PackedReader(string what, byte[] bytes)
{
    private readonly byte[] bytes = bytes;

    public int Position { get; private set; }

    public readonly bool AtEnd => Position == bytes.Length;

    public readonly int Remaining => bytes.Length - Position;

    public static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    public byte Byte() => Position < bytes.Length ? bytes[Position++] : throw new FormatException($"{what} end before their last value");

    public ulong Unsigned()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var next = Byte();
            value |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                return value;
            }
        }
        throw new FormatException($"{what} hold a number longer than 64 bits");
    }

    public long Signed() => UnZigZag(Unsigned());

    public ulong Fixed64()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 8)
        {
            value |= (ulong)Byte() << shift;
        }
        return value;
    }

    /// <summary>A signed value that must fit an int.</summary>
    public int Int() => Int(Signed());

    /// <summary><paramref name="value"/>, read before (from a column, say), as the 32-bit count it must be.</summary>
    public readonly int Int(long value) =>
        value is >= int.MinValue and <= int.MaxValue ? (int)value : throw new FormatException($"{what} hold {value} where a 32-bit count belongs");

    public decimal Decimal()
    {
        var flags = Byte();
        var scale = (byte)(flags & 0x1F);
        if (scale > 28 || (flags & 0x40) != 0)
        {
            throw new FormatException($"{what} hold an amount with flags {flags:x2}, not a decimal");
        }
        var low = Unsigned();
        var high = (flags & 0x20) != 0 ? Unsigned() : 0;
        if (high > uint.MaxValue)
        {
            throw new FormatException($"{what} hold an amount wider than a decimal");
        }
        return new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)(uint)high, (flags & 0x80) != 0, scale);
    }

    /// <summary>What <see cref="PackedWriter.Bits"/> wrote for <paramref name="values"/>.Length values.</summary>
    public void Bits(scoped Span<ulong> values)
    {
        var width = Byte();
        if (width > 64)
        {
            throw new FormatException($"{what} hold values {width} bits wide; at most 64 are");
        }
        Payload(values, width);
    }

    /// <summary>What <see cref="PackedWriter.SignedBits"/> wrote for <paramref name="values"/>.Length values.</summary>
    public void SignedBits(scoped Span<long> values)
    {
        var header = Byte();
        var (width, negative) = (header & 0x7F, (header & 0x80) != 0);
        if (width > 64)
        {
            throw new FormatException($"{what} hold values {width} bits wide; at most 64 are");
        }
        Span<ulong> unsigned = values.Length <= PackedCounts.StackLimit ? stackalloc ulong[values.Length] : new ulong[values.Length];
        Payload(unsigned, width);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = negative ? UnZigZag(unsigned[i]) : (long)unsigned[i];
        }
    }

    private void Payload(scoped Span<ulong> values, int width)
    {
        if (width == 0)
        {
            values.Clear();
            return;
        }
        var mask = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        UInt128 pending = 0;
        var held = 0;
        for (var i = 0; i < values.Length; i++)
        {
            while (held < width)
            {
                pending |= (UInt128)Byte() << held;
                held += 8;
            }
            values[i] = (ulong)pending & mask;
            pending >>= width;
            held -= width;
        }
    }

    /// <summary>Fails unless every byte was read.</summary>
    public readonly void End()
    {
        if (!AtEnd)
        {
            throw new FormatException($"{what} have {Remaining} bytes after their last value");
        }
    }
}
