namespace Cdr.Orleans.Domain;

/// <summary>
/// How a <see cref="CalleeSummary"/> is stored: one byte string holding the counters in use (number, count, error, as
/// variable-length integers, in their order: which counter a tie evicts depends on it) and the HyperLogLog registers
/// in the width the largest needs (3 or 4 bits), none before the first number is forgotten.
/// Exact: the summary read back behaves as the one written.
/// <para>
/// Summaries written before the packed form (fields 0 to 5) are still read. Persisted: never renumber an [Id]; a change
/// of the byte layout takes a new version byte and keeps reading the old one.
/// </para>
/// </summary>
[GenerateSerializer, Alias("callee-summary.stored")]
public struct PackedCallees
{
    private const byte Version = 1;
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
            writer.Signed(summary.Counts[i]);
            writer.Signed(summary.Errors[i]);
        }
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
        if (reader.Byte() is var version and not Version)
        {
            throw new FormatException($"{What} are in packed form {version}; this version reads form {Version}");
        }
        var evicted = reader.Byte() != 0;
        var count = reader.Unsigned();
        if (count > CalleeSummary.Capacity)
        {
            throw new FormatException($"{What} hold {count} counters; a summary has at most {CalleeSummary.Capacity}");
        }
        var (keys, counts, errors) = (new long[count], new int[count], new int[count]);
        for (var i = 0; i < (int)count; i++)
        {
            (keys[i], counts[i], errors[i]) = (reader.Signed() + (i == 0 ? 0 : keys[i - 1]), reader.Int(), reader.Int());
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
