using System.CommandLine;
using System.Globalization;
using System.Text;
using Cdr.Orleans.Infrastructure.History;
using Spectre.Console;

namespace Cdr.Orleans.Client;

/// <summary><c>history query</c>: DuckDB over the silos' history files (docs/history.md), read-only, as a table, CSV or JSON.</summary>
public static class HistoryCommands
{
    /// <summary>Where the history is looked for when <c>--dir</c> is not given: the setting, then the demo silo's data directory.</summary>
    public static string DefaultDirectory() =>
        Environment.GetEnvironmentVariable("Cdr__History__Directory") is { Length: > 0 } set ? set
        : new[] { Path.Combine("src", "Silo", "data", "history"), Path.Combine("data", "history") }.FirstOrDefault(Directory.Exists)
          ?? Path.Combine("data", "history");

    public static Command Build()
    {
        var sql = new Argument<string?>("sql") { Description = "One SELECT over the views traffic, decisions, deliveries, responses, dead_letters", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<FileInfo?>("--file") { Description = "Read the query from a file instead (e.g. queries/acceptance-per-day.sql)" };
        var dir = new Option<string?>("--dir") { Description = "The history directory (default: $Cdr__History__Directory, else src/Silo/data/history or data/history)" };
        var format = new Option<string>("--format") { Description = "table, csv or json", DefaultValueFactory = _ => "table" };
        var timeout = new Option<int>("--timeout") { Description = "Stop the query after this many seconds", DefaultValueFactory = _ => 120 };
        var query = new Command("query", "Run a read-only SQL query (DuckDB) over the history files.") { sql, file, dir, format, timeout };
        query.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.GetValue(format)!.ToLowerInvariant();
            if (output is not ("table" or "csv" or "json"))
            {
                return Refuse($"--format is '{output}'; accepted: table, csv, json");
            }
            if (parse.GetValue(timeout) is < 1 or > 86_400)
            {
                return Refuse($"--timeout is {parse.GetValue(timeout)}; accepted: 1 to 86400 seconds");
            }
            string text;
            if (parse.GetValue(file) is { } from)
            {
                if (!from.Exists)
                {
                    return Refuse($"the query file {from.FullName} does not exist");
                }
                text = await File.ReadAllTextAsync(from.FullName, cancellationToken);
            }
            else if (parse.GetValue(sql) is { Length: > 0 } given)
            {
                text = given;
            }
            else
            {
                return Refuse("give the query, e.g. cdr history query \"SELECT campaign, count(*) FROM decisions GROUP BY 1\", or --file FILE");
            }
            try
            {
                var result = await HistoryQuery.RunAsync(parse.GetValue(dir) ?? DefaultDirectory(), text, TimeSpan.FromSeconds(parse.GetValue(timeout)), cancellationToken);
                Console.Out.Write(output switch { "csv" => Csv(result), "json" => JsonLines(result), _ => "" });
                if (output == "table")
                {
                    AnsiConsole.Write(Table(result));
                }
                if (result.Truncated)
                {
                    Console.Error.WriteLine($"note: only the first {HistoryQuery.MaxRows:N0} rows are shown; aggregate, or add a LIMIT");
                }
                return 0;
            }
            catch (HistoryQueryException error)
            {
                return Refuse(error.Message);
            }
        });
        return new Command("history", "The history the silos keep for later analysis (hourly Parquet files): query it with SQL.") { query };
    }

    private static int Refuse(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return ClientCommands.ExitBadInput;
    }

    private static Spectre.Console.Table Table(HistoryResult result)
    {
        var table = new Spectre.Console.Table().Border(TableBorder.Rounded);
        foreach (var column in result.Columns)
        {
            table.AddColumn(Markup.Escape(column));
        }
        foreach (var row in result.Rows)
        {
            table.AddRow([.. row.Select(v => Markup.Escape(Text(v)))]);
        }
        table.Caption($"{result.Rows.Count:N0} rows");
        return table;
    }

    public static string Csv(HistoryResult result)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', result.Columns.Select(Quote)));
        foreach (var row in result.Rows)
        {
            text.AppendLine(string.Join(',', row.Select(v => Quote(Text(v)))));
        }
        return text.ToString();
    }

    public static string JsonLines(HistoryResult result)
    {
        var text = new StringBuilder();
        foreach (var row in result.Rows)
        {
            var record = new Dictionary<string, object?>();
            for (var i = 0; i < row.Length; i++)
            {
                record[result.Columns[i]] = row[i] is System.Numerics.BigInteger big ? big.ToString(CultureInfo.InvariantCulture) : row[i];
            }
            text.AppendLine(System.Text.Json.JsonSerializer.Serialize(record, Json.Compact));
        }
        return text.ToString();
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
}
