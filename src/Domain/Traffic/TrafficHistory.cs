using Cdr.Orleans.Contracts.Traffic;

namespace Cdr.Orleans.Domain.Traffic;

/// <summary>
/// The cluster's call volume per minute, kept for <see cref="RetentionMinutes"/> minutes back from the latest minute
/// seen (event time: a replayed file keeps its own last day, not an empty "now"). Older minutes are dropped as newer
/// ones arrive. Pure: the traffic grain holds and stores one.
/// </summary>
[GenerateSerializer, Alias("traffic-history.v1")]
public sealed class TrafficHistory
{
    [Id(0)] public Dictionary<TrafficCell, TrafficCounts> Cells { get; set; } = [];

    /// <summary>The latest minute any CDR started in (Unix minutes); 0 before the first.</summary>
    [Id(1)] public long LatestMinute { get; set; }

    [Id(2)] public int RetentionMinutes { get; set; } = 24 * 60;

    public long OldestKept => LatestMinute - RetentionMinutes + 1;

    public void Add(IEnumerable<TrafficEntry> entries)
    {
        var latest = LatestMinute;
        foreach (var (cell, counts) in entries)
        {
            latest = Math.Max(latest, cell.Minute);
            if (cell.Minute <= latest - RetentionMinutes)
            {
                continue; // older than anything kept
            }
            ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(Cells, cell, out _);
            slot += counts;
        }
        if (latest != LatestMinute)
        {
            LatestMinute = latest;
            var oldest = OldestKept;
            foreach (var expired in Cells.Keys.Where(c => c.Minute < oldest).ToList())
            {
                Cells.Remove(expired);
            }
        }
    }

    /// <summary>The first minute of the last <paramref name="minutes"/> (at most the retention).</summary>
    public long From(int minutes) => LatestMinute - Math.Clamp(minutes, 1, RetentionMinutes) + 1;

    public TrafficTotals Totals(TrafficDimension dimension, int minutes)
    {
        var from = From(minutes);
        var rows = Cells
            .Where(c => c.Key.Dimension == dimension && c.Key.Minute >= from)
            .GroupBy(c => c.Key.Value, c => c.Value)
            .Select(g => new TrafficRow(g.Key, g.Aggregate(default(TrafficCounts), (sum, counts) => sum + counts)))
            .OrderByDescending(r => r.Counts.Cdrs).ThenBy(r => r.Value, StringComparer.Ordinal)
            .ToList();
        return new TrafficTotals(rows, from, LatestMinute);
    }

    public TrafficSeries Series(TrafficDimension dimension, int minutes)
    {
        var from = From(minutes);
        var span = (int)(LatestMinute - from + 1);
        var minuteList = Enumerable.Range(0, LatestMinute == 0 ? 0 : span).Select(i => from + i).ToList();
        var values = new Dictionary<string, IReadOnlyList<TrafficCounts>>(StringComparer.Ordinal);
        foreach (var group in Cells.Where(c => c.Key.Dimension == dimension && c.Key.Minute >= from).GroupBy(c => c.Key.Value))
        {
            var series = new TrafficCounts[span];
            foreach (var (cell, counts) in group)
            {
                series[cell.Minute - from] += counts;
            }
            values[group.Key] = series;
        }
        return new TrafficSeries(minuteList, values);
    }

    /// <summary>Volume per hour of day (UTC) over everything kept; each CDR once (from the type cells).</summary>
    public TrafficTotals Hours()
    {
        var hours = new TrafficCounts[24];
        foreach (var (cell, counts) in Cells)
        {
            if (cell.Dimension == TrafficDimension.Type)
            {
                hours[TrafficCell.StartOf(cell.Minute).Hour] += counts;
            }
        }
        return new TrafficTotals([.. hours.Select((c, h) => new TrafficRow(h.ToString("00", System.Globalization.CultureInfo.InvariantCulture), c))], OldestKept, LatestMinute);
    }
}
