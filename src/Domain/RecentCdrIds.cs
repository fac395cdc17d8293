using Cdr.Orleans.Domain.Text;

namespace Cdr.Orleans.Domain;

/// <summary>
/// The ids of a subscriber's latest CDRs (originated and received), as 64-bit hashes in a ring of a configured size:
/// mediation feeds repeat CDRs, and one whose id is here was applied already. The hash of a different id matches with
/// a chance of about one in 10^17 per comparison. The ring starts at 4 slots and doubles up to the setting; stored as
/// its ids in use, 8 bytes each (<see cref="PackedRecentIds"/>).
/// </summary>
[Alias("recent-cdr-ids.v1")]
public sealed class RecentCdrIds
{
    public ulong[] Hashes { get; set; } = [];

    /// <summary>Where the next id goes.</summary>
    public int Next { get; set; }

    /// <summary>
    /// True, and remembered, when <paramref name="cdrId"/> is not among the latest <paramref name="capacity"/> ids of
    /// <paramref name="state"/>; false for a repeat. Capacity 0 turns the check off.
    /// </summary>
    public static bool IsNew(SubscriberState state, string cdrId, int capacity)
    {
        if (capacity <= 0)
        {
            return true;
        }
        var ids = state.RecentIds ??= new RecentCdrIds();
        var hash = Fnv1a.Hash64(cdrId);
        if (Array.IndexOf(ids.Hashes, hash) >= 0)
        {
            return false;
        }
        ids.Add(hash, capacity);
        return true;
    }

    private void Add(ulong hash, int capacity)
    {
        var length = Hashes.Length;
        var wrapped = Next < length && Hashes[Next] != 0; // full: the slot to write next holds the oldest id
        var used = wrapped ? length : Next;
        if ((used == length && length != capacity) || length > capacity)
        {
            // Full below the setting (the ring grows, doubling: most subscribers never fill it), or larger than the
            // setting (it was lowered): the latest ids that fit, oldest first. Empty slots hold 0, which no id hashes to.
            var kept = Math.Min(used, capacity);
            var resized = new ulong[Math.Min(capacity, Math.Max(kept + 1, Math.Max(4, length * 2)))];
            var oldest = (wrapped ? Next : 0) + used - kept;
            for (var i = 0; i < kept; i++)
            {
                resized[i] = Hashes[(oldest + i) % length];
            }
            Hashes = resized;
            Next = kept % resized.Length;
        }
        Hashes[Next] = hash;
        Next = (Next + 1) % Hashes.Length;
    }

    /// <summary>Ids in the ring (the rest of <see cref="Hashes"/> is empty slots).</summary>
    public int Count => Next < Hashes.Length && Hashes[Next] != 0 ? Hashes.Length : Next;
}
