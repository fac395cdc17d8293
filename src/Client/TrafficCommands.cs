using System.CommandLine;
using Cdr.Orleans.Contracts.Traffic;
using Cdr.Orleans.Domain.Traffic;

namespace Cdr.Orleans.Client;

/// <summary>
/// <c>stats regions|operators|types|countries|categories|hours</c>: the cluster's live call volume per minute, as tables with bars
/// (and per-minute sparklines), <c>--json</c> for scripts, <c>--watch</c> to refresh.
/// </summary>
public static class TrafficCommands
{
    public static IEnumerable<Command> Build(Option<bool> asJson, Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster)
    {
        yield return Totals("regions", "Call volume per region (where calls were made), largest first.", TrafficDimension.Region, asJson, withCluster);
        yield return Totals("operators", "Call volume per caller operator, with its per-minute series.", TrafficDimension.Operator, asJson, withCluster);
        yield return Totals("types", "Call volume per type (voice, sms, data), with its per-minute series.", TrafficDimension.Type, asJson, withCluster);
        yield return Totals("countries", "Voice calls and SMS per callee country, largest first.", TrafficDimension.CalleeCountry, asJson, withCluster);
        yield return Totals("categories", "Voice calls and SMS per callee category (number directory; unlisted numbers are Private).", TrafficDimension.Category, asJson, withCluster);
        yield return Hours(asJson, withCluster);
    }

    private static Option<bool> Watch() => new("--watch") { Description = "Refresh every 2 seconds until Ctrl+C" };

    private static Command Totals(string name, string description, TrafficDimension dimension, Option<bool> asJson,
        Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster)
    {
        var top = new Option<int>("--top") { Description = "Show the N largest (default 10)", DefaultValueFactory = _ => 10 };
        var since = new Option<string>("--since") { Description = "Over the last D (e.g. 15m, 1h, 1d; default 1h), back from the latest minute counted", DefaultValueFactory = _ => TrafficWindow.Default };
        var watch = Watch();
        var command = new Command(name, description) { top, since, asJson, watch };
        command.SetAction((parse, cancellationToken) =>
        {
            if (!TrafficWindow.TryMinutes(parse.GetValue(since), out var minutes))
            {
                Console.Error.WriteLine($"error: --since {TrafficWindow.Refused(parse.GetValue(since))}");
                return Task.FromResult(ClientCommands.ExitBadInput);
            }
            if (parse.GetValue(top) < 1)
            {
                Console.Error.WriteLine($"error: --top {parse.GetValue(top)} must be at least 1");
                return Task.FromResult(ClientCommands.ExitBadInput);
            }
            return withCluster(parse, cancellationToken, client => RepeatAsync(parse.GetValue(watch), cancellationToken, async () =>
            {
                var traffic = client.GetGrain<ITrafficGrain>(0);
                var totals = await traffic.TotalsAsync(dimension, minutes);
                var series = dimension is TrafficDimension.Operator or TrafficDimension.Type ? await traffic.SeriesAsync(dimension, minutes) : null;
                var shown = totals with { Rows = [.. totals.Rows.Take(parse.GetValue(top))] };
                if (parse.GetValue(asJson))
                {
                    Console.WriteLine(Json.Write(new { dimension, from = shown.From, to = shown.To, rows = shown.Rows, series }));
                }
                else
                {
                    TrafficView.Render(name, shown, series);
                }
            }));
        });
        return command;
    }

    private static Command Hours(Option<bool> asJson, Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster)
    {
        var watch = Watch();
        var command = new Command("hours", "Call volume and voice minutes per hour of day (UTC) over everything kept.") { asJson, watch };
        command.SetAction((parse, cancellationToken) => withCluster(parse, cancellationToken, client => RepeatAsync(parse.GetValue(watch), cancellationToken, async () =>
        {
            var hours = await client.GetGrain<ITrafficGrain>(0).HoursAsync();
            if (parse.GetValue(asJson))
            {
                Console.WriteLine(Json.Write(new { from = hours.From, to = hours.To, hours = hours.Rows }));
            }
            else
            {
                TrafficView.RenderHours(hours);
            }
        })));
        return command;
    }

    private static async Task<int> RepeatAsync(bool watch, CancellationToken cancellationToken, Func<Task> show)
    {
        do
        {
            if (watch)
            {
                Spectre.Console.AnsiConsole.Clear();
            }
            await show();
            if (!watch)
            {
                return 0;
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
        }
        while (true);
    }
}
