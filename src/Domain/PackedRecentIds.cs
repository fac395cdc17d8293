namespace Cdr.Orleans.Domain;

/// <summary>
/// How <see cref="RecentCdrIds"/> are stored: the ring's size and next slot, then the ids in use, 8 bytes each (they
/// are hashes: no shorter form exists). A subscriber with 3 CDRs stores 3 ids, not a ring of 32 mostly empty slots.
/// <para>
/// Rings written before the packed form (fields 0 and 1) are still read. Persisted: never renumber an [Id]; a change of
/// the byte layout takes a new version byte and keeps reading the old one.
/// </para>
/// </summary>
[GenerateSerializer, Alias("recent-cdr-ids.stored")]
public struct PackedRecentIds
{
    private const byte Version = 1;
    private const string What = "stored recent CDR ids";

    /// <summary>The largest ring read back: 4 times the largest DuplicateWindow the engine accepts.</summary>
    private const int MaxSlots = 4096;

    [Id(0)] public ulong[]? Hashes;
    [Id(1)] public int Next;
    [Id(2)] public byte[]? Packed;

    public static PackedRecentIds Of(RecentCdrIds ids)
    {
        var count = ids.Count;
        var writer = new PackedWriter(8 + 8 * count);
        writer.Byte(Version);
        writer.Unsigned((ulong)ids.Hashes.Length);
        writer.Unsigned((ulong)ids.Next);
        writer.Unsigned((ulong)count);
        for (var i = 0; i < count; i++)
        {
            writer.Fixed64(ids.Hashes[i]);
        }
        return new PackedRecentIds { Packed = writer.ToArray() };
    }

    /// <summary>The ring, from the packed bytes or (written before them) the fields; a <see cref="FormatException"/> when the bytes are not a ring.</summary>
    public readonly RecentCdrIds ToIds()
    {
        if (Packed is null)
        {
            return new RecentCdrIds { Hashes = Hashes ?? [], Next = Next };
        }
        var reader = new PackedReader(What, Packed);
        if (reader.Byte() is var version and not Version)
        {
            throw new FormatException($"{What} are in packed form {version}; this version reads form {Version}");
        }
        var (length, next, count) = (reader.Unsigned(), reader.Unsigned(), reader.Unsigned());
        if (length > MaxSlots || count > length || (length > 0 ? next >= length : next != 0))
        {
            throw new FormatException($"{What} describe a ring of {length} slots, {count} in use, next {next}; not a ring");
        }
        var hashes = new ulong[length];
        for (var i = 0; i < (int)count; i++)
        {
            hashes[i] = reader.Fixed64();
        }
        reader.End();
        return new RecentCdrIds { Hashes = hashes, Next = (int)next };
    }

    /// <summary>Orleans stores <see cref="RecentCdrIds"/> through this form.</summary>
    [RegisterConverter]
    public sealed class Converter : IConverter<RecentCdrIds, PackedRecentIds>
    {
        public RecentCdrIds ConvertFromSurrogate(in PackedRecentIds surrogate) => surrogate.ToIds();

        public PackedRecentIds ConvertToSurrogate(in RecentCdrIds value) => Of(value);
    }
}
