using Cdr.Orleans.Domain.Text;

namespace Cdr.Orleans.Domain;

/// <summary>
/// The ids of a subscriber's latest CDRs (originated and received), as 64-bit hashes in a ring of a configured size:
/// mediation feeds repeat CDRs, and one whose id is here was applied already. The hash of a different id matches with
/// a chance of about one in 10^17 per comparison.
/// </summary>
[GenerateSerializer, Alias("recent-cdr-ids.v1")]
public sealed class RecentCdrIds
{
    [Id(0)] public ulong[] Hashes { get; set; } = [];

    /// <summary>Where the next id goes once the ring is full.</summary>
    [Id(1)] public int Next { get; set; }

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
        if (Hashes.Length != capacity)
        {
            // First use, or the setting changed: one array of the full size (empty slots hold 0, which no id hashes to),
            // keeping the latest ids that fit.
            var resized = new ulong[capacity];
            var kept = Math.Min(capacity, Hashes.Length);
            for (var i = 0; i < kept; i++)
            {
                resized[i] = Hashes[(Next - kept + i + Hashes.Length) % Hashes.Length];
            }
            Hashes = resized;
            Next = kept % capacity;
        }
        Hashes[Next] = hash;
        Next = (Next + 1) % capacity;
    }
}
