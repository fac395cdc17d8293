using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// One campaign's decision counters in this process. Every CDR bumps "evaluated" (and usually "eligible") of every
/// active campaign, a hundred increments per CDR with a hundred campaigns, so each thread counts in its own row with
/// plain increments: no atomic instruction, no cache line shared between cores. A snapshot sums the rows; a row is
/// only ever written by its thread, and a snapshot taken meanwhile is at most a few increments behind.
/// </summary>
public sealed class CampaignTally
{
    public enum Counter { Evaluated = 0, Eligible, Triggered, Capped, Superseded, HeldOut, Sent, RuleErrors }

    private const int Width = 8; // counters per tally: one 64-byte line

    private static readonly Lock Registry = new();
    private static readonly List<Row> Rows = [];
    private static int slots;

    [ThreadStatic]
    private static Row? mine;

    private readonly int offset;

    public CampaignTally() => offset = Interlocked.Increment(ref slots) * Width - Width;

    public void Add(Counter counter)
    {
        var row = mine ?? Join();
        var index = offset + (int)counter;
        var cells = row.Cells;
        if ((uint)index >= (uint)cells.Length)
        {
            cells = row.Grow(index);
        }
        cells[index]++;
    }

    /// <summary>The counts so far (responses are counted elsewhere and are zero here).</summary>
    public CampaignResults Snapshot()
    {
        var sums = new long[Width];
        lock (Registry)
        {
            foreach (var row in Rows)
            {
                var cells = Volatile.Read(ref row.Cells);
                for (var i = 0; i < Width && offset + i < cells.Length; i++)
                {
                    sums[i] += Volatile.Read(ref cells[offset + i]);
                }
            }
        }
        return new CampaignResults(
            Evaluated: sums[(int)Counter.Evaluated], Eligible: sums[(int)Counter.Eligible], Triggered: sums[(int)Counter.Triggered],
            Capped: sums[(int)Counter.Capped], Superseded: sums[(int)Counter.Superseded], HeldOut: sums[(int)Counter.HeldOut],
            Sent: sums[(int)Counter.Sent], Accepted: 0, Declined: 0, ControlConverted: 0, RuleErrors: sums[(int)Counter.RuleErrors]);
    }

    private static Row Join()
    {
        var row = new Row();
        lock (Registry)
        {
            Rows.Add(row);
        }
        return mine = row;
    }

    /// <summary>One thread's counters for every tally, by slot. Rows outlive their threads, so no count is lost.</summary>
    private sealed class Row
    {
        public long[] Cells = new long[16 * Width];

        public long[] Grow(int index)
        {
            var grown = new long[Math.Max(Cells.Length * 2, (index / Width + 16) * Width)];
            Cells.CopyTo(grown, 0);
            Volatile.Write(ref Cells, grown); // only this row's thread writes, so nothing counted meanwhile is lost
            return grown;
        }
    }
}
