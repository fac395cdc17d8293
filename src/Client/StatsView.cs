using System.Globalization;
using Cdr.Orleans.Contracts.Stats;
using Spectre.Console;

namespace Cdr.Orleans.Client;

/// <summary>Cluster statistics as a table.</summary>
public static class StatsView
{
    public static void Render(ClusterStats s)
    {
        var table = new Table().Title($"cluster, {s.AsOfUtc:yyyy-MM-dd HH:mm:ss}Z").HideHeaders().AddColumns("", "");
        table.AddRow("CDRs applied", s.CdrsApplied.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("current rate", $"{s.CdrsPerSecond.ToString("N0", CultureInfo.InvariantCulture)} CDRs/s");
        table.AddRow("resident subscribers", s.ResidentSubscribers.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("rejected CDRs", s.Rejected.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("silos reporting", s.ReportingSilos.ToString(CultureInfo.InvariantCulture));
        if (s.Lag is { } lag)
        {
            table.AddRow("end-to-end lag", $"mean {lag.MeanMs:N1} ms, p99 {lag.P99Ms:N1} ms, max {lag.MaxMs:N1} ms");
        }
        AnsiConsole.Write(table);
        if (s.RejectedByReason.Count > 0)
        {
            var reasons = new Table().Title("rejected, by reason").AddColumns("reason", "CDRs");
            foreach (var (reason, count) in s.RejectedByReason.OrderByDescending(r => r.Value))
            {
                reasons.AddRow(reason, count.ToString("N0", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(reasons);
        }
        if (s.Notes is { Count: > 0 } notes)
        {
            var kept = new Table().Title("kept with a note").AddColumns("note", "CDRs");
            foreach (var (note, count) in notes.OrderByDescending(n => n.Value))
            {
                kept.AddRow(Markup.Escape(note), count.ToString("N0", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(kept);
        }
        if (s.DeadLettered > 0)
        {
            var letters = new Table().Title($"[red]{s.DeadLettered:N0} CDRs set aside[/] (could not be applied; latest first)").AddColumns("at", "partition", "subscriber", "CDR", "reason");
            foreach (var d in s.RecentDeadLetters ?? [])
            {
                letters.AddRow($"{d.AtUtc:HH:mm:ss}Z", d.Partition.ToString(CultureInfo.InvariantCulture), Markup.Escape(d.Subscriber), Markup.Escape(d.CdrId), Markup.Escape(d.Reason));
            }
            AnsiConsole.Write(letters);
        }
    }

    public static void Render(StreamBacklogReport backlog)
    {
        var kafka = backlog.Transport == StreamBacklogReport.Kafka;
        var table = new Table().Title(kafka ? $"CDR feed: Kafka topic {Markup.Escape(backlog.Name)}" : "durable CDR stream (Redis)").HideHeaders().AddColumns("", "");
        if (backlog.Unavailable is { } why)
        {
            table.AddRow("[red]backlog unavailable[/]", Markup.Escape(why));
            AnsiConsole.Write(table);
            return;
        }
        if (kafka)
        {
            table.AddRow("beyond the committed offsets", backlog.NotYetRead.ToString("N0", CultureInfo.InvariantCulture));
        }
        else
        {
            table.AddRow("read, not yet stored (pending)", backlog.Pending.ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("not yet read", backlog.NotYetRead.ToString("N0", CultureInfo.InvariantCulture));
        }
        table.AddRow("dead letters", backlog.DeadLetters == 0 ? "0" : $"[red]{backlog.DeadLetters:N0}[/] (XRANGE cdr:dead-letters - + shows them)");
        AnsiConsole.Write(table);
        var busy = backlog.Partitions.Where(p => p.Pending > 0 || p.NotYetRead > 0).ToList();
        if (busy.Count > 0)
        {
            var partitions = new Table().Title("partitions with a backlog").AddColumns("partition", "pending", kafka ? "messages not committed" : "not yet read", "entries");
            foreach (var p in busy)
            {
                partitions.AddRow(p.Partition.ToString(CultureInfo.InvariantCulture), p.Pending.ToString("N0", CultureInfo.InvariantCulture),
                    p.NotYetRead?.ToString("N0", CultureInfo.InvariantCulture) ?? "?", p.Entries.ToString("N0", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(partitions);
        }
    }
}
