namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>One thread's counters for every campaign of a <see cref="CampaignTallies"/>, <see cref="Width"/> per campaign slot.</summary>
internal sealed class TallyRow
{
    /// <summary>Counters per campaign: two 64-byte cache lines, room for every <see cref="CampaignCounter"/> (checked by a test).</summary>
    public const int Width = 16;

    private long[] cells = new long[16 * Width];

    /// <summary>Only the row's own thread calls this.</summary>
    public void Add(int slot, CampaignCounter counter)
    {
        var index = slot * Width + (int)counter;
        var current = cells;
        if ((uint)index >= (uint)current.Length)
        {
            current = Grow(index);
        }
        current[index]++;
    }

    /// <summary>Adds this row's counters of <paramref name="slot"/> to <paramref name="sums"/>; any thread may call it.</summary>
    public void AddTo(long[] sums, int slot)
    {
        var current = Volatile.Read(ref cells);
        for (var i = 0; i < Width && slot * Width + i < current.Length; i++)
        {
            sums[i] += Volatile.Read(ref current[slot * Width + i]);
        }
    }

    private long[] Grow(int index)
    {
        var grown = new long[Math.Max(cells.Length * 2, (index / Width + 16) * Width)];
        cells.CopyTo(grown, 0);
        Volatile.Write(ref cells, grown); // only this row's thread writes, so nothing counted meanwhile is lost
        return grown;
    }
}
