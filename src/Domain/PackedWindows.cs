namespace Cdr.Orleans.Domain;

/// <summary>
/// How <see cref="ActivityWindows"/> are stored: the watermark and one byte string. Per window (form 2) the count of
/// buckets, the first bucket's distance in slots from the watermark's slot and the gaps between the next ones, then
/// each counter as a column in the width its largest value needs (<see cref="PackedWriter.SignedBits"/>), spend as a
/// column of scales and one of digits. Thirty days of 40 CDRs a day take about 330 bytes, where a bucket at a time
/// (form 1: distance, a mask of the counters not zero, each of them as a variable-length integer) took about 500: a
/// column of days shares one width where each bucket paid for its own lengths. Exact: every counter and every digit of
/// spend, scale too, comes back.
/// <para>
/// Form 1 and states written before the packed form (lists of buckets, fields 0 to 2) are still read. Persisted: never
/// renumber an [Id]; a change of the byte layout takes a new <see cref="Version"/> and keeps reading the old ones.
/// </para>
/// </summary>
[GenerateSerializer, Alias("activity-windows.stored")]
public struct PackedWindows
{
    private const byte Version = 2, ByBucket = 1;
    private const string What = "stored windows";

    /// <summary>The spend column's first byte when some amount has more than 63 bits of digits: each amount as a decimal.</summary>
    private const byte SpendAsDecimals = 0xFF;

    [Id(0)] public List<ActivityBucket>? Minutes;
    [Id(1)] public List<ActivityBucket>? Hours;
    [Id(2)] public List<ActivityBucket>? Days;
    [Id(3)] public DateTime Watermark;
    [Id(4)] public byte[]? Packed;

    public static PackedWindows Of(ActivityWindows windows)
    {
        var writer = new PackedWriter(16 + 20 * (windows.Minutes.Count + windows.Hours.Count + windows.Days.Count));
        writer.Byte(Version);
        Write(ref writer, windows.Minutes, ActivityWindows.MinuteOf(windows.Watermark));
        Write(ref writer, windows.Hours, ActivityWindows.HourOf(windows.Watermark));
        Write(ref writer, windows.Days, ActivityWindows.DayOf(windows.Watermark));
        return new PackedWindows { Watermark = windows.Watermark, Packed = writer.ToArray() };
    }

    /// <summary>The windows, from the packed bytes or (a state written before them) the lists; a <see cref="FormatException"/> when the bytes are not windows.</summary>
    public readonly ActivityWindows ToWindows()
    {
        if (Packed is null)
        {
            return ActivityWindows.Restore(Watermark, Minutes ?? [], Hours ?? [], Days ?? []);
        }
        var reader = new PackedReader(What, Packed);
        var byBucket = reader.Byte() switch
        {
            Version => false,
            ByBucket => true,
            var version => throw new FormatException($"{What} are in packed form {version}; this version reads forms {ByBucket} and {Version}"),
        };
        var minutes = Read(ref reader, byBucket, ActivityWindows.MinuteOf(Watermark), ActivityWindows.MinuteSlots);
        var hours = Read(ref reader, byBucket, ActivityWindows.HourOf(Watermark), ActivityWindows.HourSlots);
        var days = Read(ref reader, byBucket, ActivityWindows.DayOf(Watermark), ActivityWindows.DaySlots);
        reader.End();
        return ActivityWindows.Restore(Watermark, minutes, hours, days);
    }

    private static void Write(ref PackedWriter writer, List<ActivityBucket> buckets, int reference)
    {
        var count = buckets.Count;
        writer.Unsigned((ulong)count);
        if (count == 0)
        {
            return;
        }
        Span<long> column = count <= MaxBuckets ? stackalloc long[count] : new long[count];
        // Slots: the first one's distance from the watermark's, then the gap before each next one (0 for consecutive slots).
        writer.Signed((long)reference - buckets[0].Slot);
        for (var i = 0; i < count; i++)
        {
            column[i] = i == 0 ? 0 : (long)buckets[i].Slot - buckets[i - 1].Slot - 1;
        }
        writer.SignedBits(column[1..]);
        for (var counter = 0; counter < Counters; counter++)
        {
            for (var i = 0; i < count; i++)
            {
                column[i] = CounterOf(buckets[i], counter);
            }
            writer.SignedBits(column);
        }
        WriteSpend(ref writer, buckets, column);
    }

    /// <summary>The integer counters in their column order; spend is written after them.</summary>
    private const int Counters = 8;

    /// <summary>Windows hold at most 60 buckets; more (a corrupt or hand-made state) are staged on the heap.</summary>
    private const int MaxBuckets = 64;

    private static long CounterOf(in ActivityBucket b, int counter) => counter switch
    {
        0 => b.Calls,
        1 => b.VoiceSeconds,
        2 => b.Sms,
        3 => b.DataSessions,
        4 => b.DataBytes,
        5 => b.Night,
        6 => b.International,
        _ => b.Dropped,
    };

    /// <summary>Sets a counter from its column; the 32-bit ones through <paramref name="reader"/>, which refuses a value that does not fit.</summary>
    private static void SetCounter(ref ActivityBucket b, int counter, long value, in PackedReader reader)
    {
        switch (counter)
        {
            case 0: b.Calls = reader.Int(value); break;
            case 1: b.VoiceSeconds = reader.Int(value); break;
            case 2: b.Sms = reader.Int(value); break;
            case 3: b.DataSessions = reader.Int(value); break;
            case 4: b.DataBytes = value; break;
            case 5: b.Night = reader.Int(value); break;
            case 6: b.International = reader.Int(value); break;
            default: b.Dropped = reader.Int(value); break;
        }
    }

    /// <summary>
    /// Spend as the lowest scale, a column of each amount's scale above it, and a column of the signed digits; each
    /// amount as a decimal when one has more than 63 bits of digits.
    /// </summary>
    private static void WriteSpend(ref PackedWriter writer, List<ActivityBucket> buckets, Span<long> column)
    {
        var lowest = byte.MaxValue;
        for (var i = 0; i < buckets.Count; i++)
        {
            if (Digits(buckets[i].Spend) is not { } digits)
            {
                writer.Byte(SpendAsDecimals);
                foreach (var each in buckets)
                {
                    writer.Decimal(each.Spend);
                }
                return;
            }
            column[i] = digits;
            lowest = Math.Min(lowest, buckets[i].Spend.Scale);
        }
        Span<long> scales = buckets.Count <= MaxBuckets ? stackalloc long[buckets.Count] : new long[buckets.Count];
        for (var i = 0; i < buckets.Count; i++)
        {
            scales[i] = buckets[i].Spend.Scale - lowest;
        }
        writer.Byte(lowest);
        writer.SignedBits(scales);
        writer.SignedBits(column);
    }

    /// <summary>An amount's digits with its sign, when they fit 63 bits; a decimal's scale is kept apart.</summary>
    private static long? Digits(decimal amount)
    {
        Span<int> parts = stackalloc int[4];
        decimal.GetBits(amount, parts);
        if (parts[2] != 0 || parts[1] < 0)
        {
            return null;
        }
        var digits = ((long)parts[1] << 32) | (uint)parts[0];
        return parts[3] < 0 ? -digits : digits;
    }

    private static List<ActivityBucket> Read(ref PackedReader reader, bool byBucket, int reference, int slots)
    {
        var count = reader.Unsigned();
        if (count > (ulong)slots)
        {
            throw new FormatException($"{What} hold {count} buckets in a window of {slots} slots");
        }
        return byBucket ? ReadByBucket(ref reader, reference, (int)count) : ReadColumns(ref reader, reference, (int)count);
    }

    private static List<ActivityBucket> ReadColumns(ref PackedReader reader, int reference, int count)
    {
        var buckets = new List<ActivityBucket>(count);
        if (count == 0)
        {
            return buckets;
        }
        Span<long> column = stackalloc long[count];
        var slot = (long)reference - reader.Signed();
        reader.SignedBits(column[1..]);
        for (var i = 0; i < count; i++)
        {
            slot += i == 0 ? 0 : column[i] + 1;
            buckets.Add(new ActivityBucket { Slot = slot is >= int.MinValue and <= int.MaxValue ? (int)slot : throw new FormatException($"{What} hold slot {slot}, outside any date") });
        }
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buckets);
        for (var counter = 0; counter < Counters; counter++)
        {
            reader.SignedBits(column);
            for (var i = 0; i < count; i++)
            {
                SetCounter(ref span[i], counter, column[i], reader);
            }
        }
        ReadSpend(ref reader, span, column);
        return buckets;
    }

    private static void ReadSpend(ref PackedReader reader, Span<ActivityBucket> buckets, scoped Span<long> column)
    {
        var lowest = reader.Byte();
        if (lowest == SpendAsDecimals)
        {
            foreach (ref var b in buckets)
            {
                b.Spend = reader.Decimal();
            }
            return;
        }
        Span<long> scales = stackalloc long[buckets.Length];
        reader.SignedBits(scales);
        reader.SignedBits(column);
        for (var i = 0; i < buckets.Length; i++)
        {
            var scale = lowest + scales[i];
            if (scale is < 0 or > 28 || column[i] == long.MinValue)
            {
                throw new FormatException($"{What} hold an amount of scale {scale}; a decimal's scale is 0 to 28");
            }
            var digits = (ulong)Math.Abs(column[i]);
            buckets[i].Spend = new decimal((int)(uint)digits, (int)(uint)(digits >> 32), 0, column[i] < 0, (byte)scale);
        }
    }

    private static List<ActivityBucket> ReadByBucket(ref PackedReader reader, int reference, int count)
    {
        var buckets = new List<ActivityBucket>(count);
        for (var i = 0; i < count; i++)
        {
            var bucket = new ActivityBucket { Slot = checked(reference - reader.Int()) };
            var mask = (int)reader.Unsigned();
            bucket.Calls = ReadInt(ref reader, mask, 1);
            bucket.VoiceSeconds = ReadInt(ref reader, mask, 2);
            bucket.Sms = ReadInt(ref reader, mask, 4);
            bucket.DataSessions = ReadInt(ref reader, mask, 8);
            bucket.DataBytes = (mask & 16) != 0 ? reader.Signed() : 0;
            bucket.Spend = (mask & 32) != 0 ? reader.Decimal() : 0;
            bucket.Night = ReadInt(ref reader, mask, 64);
            bucket.International = ReadInt(ref reader, mask, 128);
            bucket.Dropped = ReadInt(ref reader, mask, 256);
            buckets.Add(bucket);
        }
        return buckets;
    }

    private static int ReadInt(ref PackedReader reader, int mask, int bit) => (mask & bit) != 0 ? reader.Int() : 0;

    /// <summary>Orleans stores <see cref="ActivityWindows"/> through this form.</summary>
    [RegisterConverter]
    public sealed class Converter : IConverter<ActivityWindows, PackedWindows>
    {
        public ActivityWindows ConvertFromSurrogate(in PackedWindows surrogate) => surrogate.ToWindows();

        public PackedWindows ConvertToSurrogate(in ActivityWindows value) => Of(value);
    }
}
