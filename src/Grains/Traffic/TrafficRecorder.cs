using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Traffic;
using Cdr.Orleans.Domain.Traffic;

namespace Cdr.Orleans.Grains.Traffic;

/// <summary>
/// This silo's live call volume since its last flush. Subscriber grains count every CDR they originate, on many
/// threads at once, so each thread counts into its own <see cref="TrafficTally"/> behind its own lock (taken by that
/// thread for each CDR, uncontended but for the flush once a second); the flush drains every row.
/// </summary>
public sealed class TrafficRecorder
{
    private readonly Lock registry = new();
    private readonly List<Row> rows = [];
    private readonly ThreadLocal<Row> mine;

    public TrafficRecorder(bool enabled = true)
    {
        Enabled = enabled;
        mine = new ThreadLocal<Row>(() =>
        {
            var row = new Row();
            lock (registry)
            {
                rows.Add(row);
            }
            return row;
        });
    }

    /// <summary>False: nothing is counted (<c>Cdr:Engine:Analytics=false</c>).</summary>
    public bool Enabled { get; }

    public void Count(CallDetailRecord cdr, string? callerOperator, Contracts.Callees.CalleeCategory category)
    {
        if (!Enabled)
        {
            return;
        }
        var row = mine.Value!;
        lock (row.Gate)
        {
            row.Tally.Add(cdr, callerOperator, category);
        }
    }

    /// <summary>Everything counted since the last take, merged over the threads.</summary>
    public List<TrafficEntry> Take()
    {
        Row[] all;
        lock (registry)
        {
            all = [.. rows];
        }
        var merged = new TrafficTally();
        foreach (var row in all)
        {
            List<TrafficEntry> taken;
            lock (row.Gate)
            {
                taken = row.Tally.Take();
            }
            foreach (var (cell, counts) in taken)
            {
                merged.Add(cell, counts);
            }
        }
        return merged.Take();
    }

    /// <summary>Counts that could not be sent go back, to be sent with the next flush.</summary>
    public void PutBack(IEnumerable<TrafficEntry> entries)
    {
        var row = mine.Value!;
        lock (row.Gate)
        {
            foreach (var (cell, counts) in entries)
            {
                row.Tally.Add(cell, counts);
            }
        }
    }

    private sealed class Row
    {
        public readonly Lock Gate = new();
        public readonly TrafficTally Tally = new();
    }
}
