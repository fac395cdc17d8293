using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Traffic;
using Cdr.Orleans.Domain.Cdrs;

namespace Cdr.Orleans.Domain.Traffic;

/// <summary>
/// Counts CDRs into per-minute cells of every <see cref="TrafficDimension"/>: a CDR adds to its region, its caller's
/// operator, its type and (voice and SMS) its callee's country and category, in the minute it started; an operator
/// event adds to its kind only. Not thread-safe: one per
/// counting thread, drained into the cluster's history.
/// </summary>
public sealed class TrafficTally
{
    public const string Unknown = "unknown";

    private static readonly string[] CategoryNames = Enum.GetNames<Contracts.Callees.CalleeCategory>();

    private readonly Dictionary<TrafficCell, TrafficCounts> cells = [];

    public int Count => cells.Count;

    public void Add(CallDetailRecord cdr, string? callerOperator, Contracts.Callees.CalleeCategory category = Contracts.Callees.CalleeCategory.Private)
    {
        var minute = TrafficCell.MinuteOf(cdr.StartUtc);
        if (CdrNames.IsEvent(cdr.Type))
        {
            // An operator event is no traffic: it is counted by its kind only, so the views can show events per minute.
            Add(new TrafficCell(TrafficDimension.Type, CdrNames.TypeName(cdr.Type), minute), new TrafficCounts(1, 0, 0, 0));
            return;
        }
        var counts = cdr.Type switch
        {
            CdrType.Voice => new TrafficCounts(1, cdr.DurationSeconds, 0, 0),
            CdrType.Sms => new TrafficCounts(1, 0, 1, 0),
            _ => new TrafficCounts(1, 0, 0, cdr.DataBytes),
        };
        Add(new TrafficCell(TrafficDimension.Region, string.IsNullOrEmpty(cdr.Region) ? Unknown : cdr.Region, minute), counts);
        // The profile's operator; else what the feed said (a replayed file's operator column); else unknown.
        var name = string.IsNullOrEmpty(callerOperator) ? cdr.Operator : callerOperator;
        Add(new TrafficCell(TrafficDimension.Operator, string.IsNullOrEmpty(name) ? Unknown : name, minute), counts);
        Add(new TrafficCell(TrafficDimension.Type, CdrNames.TypeName(cdr.Type), minute), counts);
        if (cdr.Type != CdrType.Data)
        {
            Add(new TrafficCell(TrafficDimension.CalleeCountry, string.IsNullOrEmpty(cdr.CalleeCountry) ? Unknown : cdr.CalleeCountry, minute), counts);
            Add(new TrafficCell(TrafficDimension.Category, CategoryNames[(int)category], minute), counts);
        }
    }

    public void Add(TrafficCell cell, TrafficCounts counts)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(cells, cell, out _);
        slot += counts;
    }

    /// <summary>
    /// Everything counted since the last take; the tally starts again empty, keeping its capacity (a counting
    /// thread fills about as many cells each second as the second before, and regrowing them cost allocations).
    /// </summary>
    public List<TrafficEntry> Take()
    {
        var taken = new List<TrafficEntry>(cells.Count);
        foreach (var (cell, counts) in cells)
        {
            taken.Add(new TrafficEntry(cell, counts));
        }
        cells.Clear();
        return taken;
    }
}
