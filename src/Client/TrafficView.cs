using System.Globalization;
using Cdr.Orleans.Contracts.Traffic;
using Spectre.Console;

namespace Cdr.Orleans.Client;

/// <summary>Live call volume as tables with bars, and per-minute sparklines.</summary>
public static class TrafficView
{
    private const int BarWidth = 12;
    private const int SparkWidth = 24;
    private static readonly char[] Sparks = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

    public static void Render(string what, TrafficTotals totals, TrafficSeries? series)
    {
        var title = totals.Rows.Count == 0
            ? $"{what}: nothing counted yet"
            : $"{what}, {TrafficCell.StartOf(totals.FromMinute):yyyy-MM-dd HH:mm} to {TrafficCell.StartOf(totals.ToMinute):yyyy-MM-dd HH:mm}Z (CDR start times)";
        // With a per-minute series there is room for fewer columns in an 80-column terminal.
        var table = series is null
            ? new Table().Title(title).AddColumns("", "CDRs", "voice min", "SMS", "data MB", "")
            : new Table().Title(title).AddColumns("", "CDRs", "voice min", "", "per minute");
        var max = totals.Rows.Count == 0 ? 1 : Math.Max(1, totals.Rows.Max(r => r.Counts.Cdrs));
        foreach (var row in totals.Rows)
        {
            var name = Markup.Escape(row.Value);
            var voice = row.Counts.VoiceMinutes.ToString("N0", CultureInfo.InvariantCulture);
            if (series is null)
            {
                table.AddRow(name, N(row.Counts.Cdrs), voice, N(row.Counts.Sms), (row.Counts.DataBytes / 1_048_576.0).ToString("N1", CultureInfo.InvariantCulture), Bar(row.Counts.Cdrs, max));
            }
            else
            {
                var minutes = series.Values.TryGetValue(row.Value, out var found) ? found.Select(m => m.Cdrs).ToList() : [];
                table.AddRow(name, N(row.Counts.Cdrs), voice, Bar(row.Counts.Cdrs, max), Sparkline(minutes));
            }
        }
        AnsiConsole.Write(table);
    }

    public static void RenderHours(TrafficTotals hours)
    {
        var table = new Table().Title("per hour of day (UTC), everything kept").AddColumns("hour", "CDRs", "voice min", "SMS", "");
        var max = Math.Max(1, hours.Rows.Max(r => r.Counts.VoiceSeconds));
        foreach (var row in hours.Rows)
        {
            table.AddRow(row.Value, N(row.Counts.Cdrs), row.Counts.VoiceMinutes.ToString("N0", CultureInfo.InvariantCulture), N(row.Counts.Sms), Bar(row.Counts.VoiceSeconds, max));
        }
        AnsiConsole.Write(table);
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Bar(long value, long max) => new('█', (int)Math.Round(value * (double)BarWidth / max));

    /// <summary>One character per minute (or per group of minutes when there are more than fit), scaled to the largest.</summary>
    public static string Sparkline(IReadOnlyList<long> perMinute)
    {
        if (perMinute.Count == 0)
        {
            return "";
        }
        var group = (int)Math.Ceiling(perMinute.Count / (double)SparkWidth);
        var sums = perMinute.Chunk(group).Select(c => c.Sum()).ToList();
        var max = Math.Max(1, sums.Max());
        return string.Concat(sums.Select(s => s == 0 ? ' ' : Sparks[(int)Math.Min(Sparks.Length - 1, s * Sparks.Length / (max + 1))]));
    }
}
