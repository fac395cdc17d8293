using System.Text;

namespace Cdr.Orleans.Domain.Text;

/// <summary>
/// The engine's one family of string hashes (FNV-1a): the same in every process, run and .NET version, unlike
/// string.GetHashCode, so what they pick (a CDR's partition, an offer's id, the control group) can be stored and
/// recomputed anywhere. Changing either would move every subscriber to another partition or change stored offer ids.
/// </summary>
public static class Fnv1a
{
    /// <summary>32-bit FNV-1a over the UTF-16 code units: the partition of a caller's number.</summary>
    public static uint Hash32(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }

    /// <summary>64-bit FNV-1a over the UTF-8 bytes of each part, with a separator after each, so ("ab", "c") and ("a", "bc") differ.</summary>
    public static ulong Hash64(string a, string b, string c) => Add(Add(Add(14695981039346656037UL, a), b), c);

    /// <summary>
    /// 64-bit FNV-1a over the UTF-16 code units of one string (a CDR's id: on the hot path, so without encoding it);
    /// never 0, so that 0 can mean an empty slot.
    /// </summary>
    public static ulong Hash64(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash | 1;
    }

    private static ulong Add(ulong hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(text) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return (hash ^ 0xff) * 1099511628211UL;
    }
}
