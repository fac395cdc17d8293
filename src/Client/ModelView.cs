using System.Globalization;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Models;
using Spectre.Console;

namespace Cdr.Orleans.Client;

/// <summary>Tables for <c>model list</c> and <c>model show</c>.</summary>
public static class ModelView
{
    public static void RenderList(IReadOnlyList<(CampaignRecord Campaign, ModelHistory Models, ExampleCounts Examples)> rows)
    {
        if (rows.Count == 0)
        {
            Console.WriteLine("no campaigns yet; 'campaign create' makes one");
            return;
        }
        var table = new List<string[]> { new[] { "campaign", "model", "AUC", "versions", "examples", "waiting", "last training (UTC)" } };
        foreach (var (campaign, models, examples) in rows)
        {
            var current = models.Versions.FirstOrDefault(v => v.Version == models.Current);
            var last = models.Versions.LastOrDefault();
            table.Add([
                campaign.Definition.Id,
                current is null ? "none" : $"v{current.Version} {KindOf(current)}",
                current is null ? "" : F(current.Holdout.Auc),
                models.Versions.Count.ToString(CultureInfo.InvariantCulture),
                $"{examples.Labelled:N0} ({examples.Accepted:N0})",
                examples.Waiting.ToString("N0", CultureInfo.InvariantCulture),
                // The first clause of an error ("not trained: 38 labelled examples"); 'model show' gives all of it.
                models.LastError is { } error ? error.Split(';')[0]
                    : last is null ? "never" : $"v{last.Version} {(last.Promoted ? "promoted" : "rejected")} {last.TrainedUtc:MM-dd HH:mm}",
            ]);
        }
        WriteColumns(table);
        Console.WriteLine("examples: labelled (accepted); waiting: sent offers not answered yet");
    }

    public static void RenderShow(ModelHistory models, ExampleCounts examples)
    {
        Console.WriteLine($"campaign {models.CampaignId}: {examples.Labelled:N0} labelled examples ({examples.Accepted:N0} accepted), " +
            $"{examples.Waiting:N0} offers waiting for a response, {examples.LabelledTotal:N0} labelled since the start" +
            (models.Training ? "; a training is running" : ""));
        if (models.LastError is { } error)
        {
            Console.WriteLine($"last training at {models.LastErrorUtc:yyyy-MM-dd HH:mm:ss}Z: {error}");
        }
        if (models.Versions.Count == 0)
        {
            Console.WriteLine("no model yet: the campaign sends to everyone its rules select; 'model train' trains one once there are examples");
            return;
        }
        // Metrics in the table; each version's gate decision on its own line below, so the table fits 80 columns.
        var table = new List<string[]> { new[] { "v", "trained", "kind", "examples", "AUC", "log-loss", "Brier", "error", "lift", "other", "current" } };
        foreach (var v in models.Versions)
        {
            var h = v.Holdout;
            table.Add([
                (v.Version == models.Current ? "*" : "") + v.Version.ToString(CultureInfo.InvariantCulture),
                $"{v.TrainedUtc:MM-dd HH:mm}", KindOf(v), $"{v.TrainExamples:N0}+{h.Examples:N0}",
                F(h.Auc), F(h.LogLoss), F(h.Brier), F(h.Error), F(h.TopDecileLift), F(v.OtherKind.Auc),
                v.CurrentOnSameHoldout is { } c ? F(c.Auc) : "",
            ]);
        }
        WriteColumns(table);
        Console.WriteLine("trained (UTC); examples: trained on + held out; AUC, log-loss, Brier, error (at 0.5), lift (top decile) on the holdout;");
        Console.WriteLine("other: the other learner's AUC; current: the AUC of the model it would replace, on the same holdout; * the current model");
        foreach (var v in models.Versions)
        {
            AnsiConsole.MarkupLine($"version {v.Version}: {(v.Promoted ? "[green]promoted[/]" : "[yellow]rejected[/]")}, {Markup.Escape(v.Reason)}");
        }
        var shown = models.Versions.FirstOrDefault(v => v.Version == models.Current) ?? models.Versions[^1];
        var strongest = new Table().Title($"strongest features of version {shown.Version}").AddColumns("feature", "weight");
        foreach (var feature in shown.Strongest)
        {
            strongest.AddRow(Markup.Escape(feature.Feature), F(feature.Weight));
        }
        AnsiConsole.Write(strongest);
        var chart = new BarChart().Label($"holdout scores of version {shown.Version} (share of examples per bin of 0.1)").Width(60);
        var total = Math.Max(1, shown.Histogram.Sum());
        for (var i = 0; i < shown.Histogram.Count; i++)
        {
            chart.AddItem($"{i / 10.0:0.0}-{(i + 1) / 10.0:0.0}", Math.Round(100.0 * shown.Histogram[i] / total, 1), Color.Blue);
        }
        AnsiConsole.Write(chart);
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string KindOf(ModelVersion v) => v.Kind == ModelKind.Logistic ? "logistic" : "trees";

    /// <summary>
    /// Plain columns, two spaces apart, the first row the header: these tables are wider than a framed table fits in
    /// 80 columns, and a cell that wraps (a date, a campaign id) is harder to read than a line that runs on.
    /// </summary>
    private static void WriteColumns(IReadOnlyList<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            Console.WriteLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
        }
    }
}
