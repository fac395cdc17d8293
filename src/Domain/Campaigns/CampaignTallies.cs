namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// The decision counters of every campaign one process (a silo, a backtest) evaluates. Every CDR bumps "evaluated"
/// (and usually "eligible") of every active campaign, so each thread counts in its own row with plain increments: no
/// atomic instruction, no cache line shared between cores. A snapshot sums the rows; a row is only ever written by its
/// thread, and a snapshot taken meanwhile is at most a few increments behind. Rows outlive their threads.
/// </summary>
public sealed class CampaignTallies : IDisposable
{
    private readonly ThreadLocal<TallyRow> rows = new(() => new TallyRow(), trackAllValues: true);
    private int slots;

    /// <summary>A new campaign's counters (one per campaign id and process: they go on across its revisions).</summary>
    public CampaignTally NewTally() => new(this, Interlocked.Increment(ref slots) - 1);

    internal void Add(int slot, CampaignCounter counter) => rows.Value!.Add(slot, counter);

    internal long[] Sum(int slot)
    {
        var sums = new long[TallyRow.Width];
        foreach (var row in rows.Values)
        {
            row.AddTo(sums, slot);
        }
        return sums;
    }

    public void Dispose() => rows.Dispose();
}
