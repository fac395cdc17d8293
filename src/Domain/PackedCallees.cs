namespace Cdr.Orleans.Domain;

/// <summary>
/// How a <see cref="CalleeSummary"/> is stored: one byte string holding the counters in use in their order (which
/// counter a tie evicts depends on it): form 2 writes each number as its distance from the one before, then the counts
/// and the errors as two columns in the width their largest value needs (form 1 wrote number, count and error as
/// variable-length integers, counter by counter), then the HyperLogLog registers in the width the largest needs (3 or 4
/// bits), none before the first number is forgotten. Exact: the summary read back behaves as the one written.
/// <para>
/// Form 1 and summaries written before the packed form (fields 0 to 5) are still read. Persisted: never renumber an
/// [Id]; a change of the byte layout takes a new version byte and keeps reading the old ones.
/// </para>
/// </summary>
[GenerateSerializer, Alias("callee-summary.stored")]
public struct PackedCallees
{
    private const byte Version = 2, ByCounter = 1;
    private const byte WithoutRegisters = 0, WithRegisters = 1;
    private const string What = "stored callee summaries";

    [Id(0)] public long[]? Keys;
    [Id(1)] public int[]? Counts;
    [Id(2)] public int[]? Errors;
    [Id(3)] public byte[]? Ranks;
    [Id(4)] public bool Evicted;
    [Id(5)] public int Count;
    [Id(6)] public byte[]? Packed;

    public static PackedCallees Of(CalleeSummary summary)
    {
        var writer = new PackedWriter(16 + 12 * summary.Count + summary.Ranks.Length / 2);
        writer.Byte(Version);
        writer.Byte((byte)(summary.Evicted ? 1 : 0));
        writer.Unsigned((ulong)summary.Count);
        for (var i = 0; i < summary.Count; i++)
        {
            // Each number as its distance from the one before: numbers of one country share their leading digits.
            writer.Signed(summary.Keys[i] - (i == 0 ? 0 : summary.Keys[i - 1]));
        }
        Span<long> column = stackalloc long[summary.Count];
        for (var i = 0; i < summary.Count; i++)
        {
            column[i] = summary.Counts[i];
        }
        writer.SignedBits(column);
        for (var i = 0; i < summary.Count; i++)
        {
            column[i] = summary.Errors[i];
        }
        writer.SignedBits(column);
        var ranks = summary.Ranks;
        writer.Byte(ranks.Length == 0 ? WithoutRegisters : WithRegisters);
        if (ranks.Length > 0)
        {
            Span<ulong> values = ranks.Length <= PackedCounts.StackLimit ? stackalloc ulong[ranks.Length] : new ulong[ranks.Length];
            for (var i = 0; i < ranks.Length; i++)
            {
                values[i] = ranks[i];
            }
            writer.Bits(values);
        }
        return new PackedCallees { Packed = writer.ToArray() };
    }

    /// <summary>The summary, from the packed bytes or (written before them) the fields; a <see cref="FormatException"/> when the bytes are not a summary.</summary>
    public readonly CalleeSummary ToSummary()
    {
        if (Packed is null)
        {
            return new CalleeSummary { Keys = Keys ?? [], Counts = Counts ?? [], Errors = Errors ?? [], Ranks = Ranks ?? [], Evicted = Evicted, Count = Count };
        }
        var reader = new PackedReader(What, Packed);
        var byCounter = reader.Byte() switch
        {
            Version => false,
            ByCounter => true,
            var version => throw new FormatException($"{What} are in packed form {version}; this version reads forms {ByCounter} and {Version}"),
        };
        var evicted = reader.Byte() != 0;
        var count = reader.Unsigned();
        if (count > CalleeSummary.Capacity)
        {
            throw new FormatException($"{What} hold {count} counters; a summary has at most {CalleeSummary.Capacity}");
        }
        var (keys, counts, errors) = (new long[count], new int[count], new int[count]);
        for (var i = 0; i < (int)count; i++)
        {
            keys[i] = reader.Signed() + (i == 0 ? 0 : keys[i - 1]);
            if (byCounter)
            {
                (counts[i], errors[i]) = (reader.Int(), reader.Int());
            }
        }
        if (!byCounter)
        {
            ReadColumn(ref reader, counts);
            ReadColumn(ref reader, errors);
        }
        var ranks = reader.Byte() switch
        {
            WithoutRegisters => [],
            WithRegisters => ReadRegisters(ref reader),
            var form => throw new FormatException($"{What} hold registers in form {form}, not 0 or 1"),
        };
        reader.End();
        return new CalleeSummary { Keys = keys, Counts = counts, Errors = errors, Ranks = ranks, Evicted = evicted, Count = (int)count };
    }

    private static void ReadColumn(ref PackedReader reader, int[] into)
    {
        Span<long> column = stackalloc long[into.Length];
        reader.SignedBits(column);
        for (var i = 0; i < into.Length; i++)
        {
            into[i] = reader.Int(column[i]);
        }
    }

    private static byte[] ReadRegisters(ref PackedReader reader)
    {
        Span<ulong> values = stackalloc ulong[CalleeSummary.Registers];
        reader.Bits(values);
        var ranks = new byte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            ranks[i] = values[i] <= 64 ? (byte)values[i] : throw new FormatException($"{What} hold a register of {values[i]}; at most 64 is possible");
        }
        return ranks;
    }

    /// <summary>Orleans stores <see cref="CalleeSummary"/> through this form.</summary>
    [RegisterConverter]
    public sealed class Converter : IConverter<CalleeSummary, PackedCallees>
    {
        public CalleeSummary ConvertFromSurrogate(in PackedCallees surrogate) => surrogate.ToSummary();

        public PackedCallees ConvertToSurrogate(in CalleeSummary value) => Of(value);
    }
}
