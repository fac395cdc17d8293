using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Cdr.Orleans.ConsoleBench;

/// <summary>One page load's figures, read in the page from the browser's own timings.</summary>
public sealed record PageLoad(double ReadyMs, double FirstDrawMs, long Bytes, int Requests);

/// <summary>
/// Each page of the console opened as a person opens it (its address typed in): cold, in a browser context with an
/// empty cache, and warm, again in the same context (the chart library then comes from the cache). The time is from
/// the start of navigation to the console's <c>cdr:first-draw</c> mark (its first chart drawn or, on a page without
/// one, its first data), beside the time to the document's DOMContentLoaded (its scripts run); the bytes are every response's transfer size (headers and compressed body) until then and a
/// second after, without the live feed, whose stream stays open (its size an update is the bench's figure).
/// </summary>
public static class PageLoads
{
    private const string Measure = """
        () => {
          const mark = performance.getEntriesByName("cdr:first-draw")[0];
          const navigation = performance.getEntriesByType("navigation")[0];
          const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
            .filter((e) => !e.name.includes("/api/live"));
          return { readyMs: navigation.domContentLoadedEventEnd, firstDrawMs: mark.startTime, bytes: entries.reduce((a, e) => a + e.transferSize, 0), requests: entries.length };
        }
        """;

    /// <summary>The console's pages by address fragment, with the campaign and subscriber they show.</summary>
    public static async Task<IReadOnlyList<(string Name, string Fragment)>> PagesAsync(HttpClient http, BenchOptions options)
    {
        var campaign = options.Campaign ?? (await http.GetFromJsonAsync<JsonElement>("api/campaigns")).EnumerateArray()
            .Select(c => c.GetProperty("id").GetString()).FirstOrDefault()
            ?? throw new InvalidOperationException("the silo has no campaign for the campaign page: create one, or run the silo with --demo");
        var subscriber = options.Subscriber ?? await CallerAsync(http, options.Key);
        return
        [
            ("overview", "overview"), ("traffic", "traffic"), ("campaigns", "campaigns"),
            ("campaign", $"campaign/{Uri.EscapeDataString(campaign)}"), ("new campaign", "new-campaign"),
            ("subscriber", $"subscriber/{Uri.EscapeDataString(subscriber)}"), ("segments", "segments"),
            ("models", $"models/{Uri.EscapeDataString(campaign)}"), ("load", "load"),
        ];
    }

    /// <summary>Medians over <paramref name="loads"/> cold and warm loads of one page.</summary>
    public static async Task<(PageLoad Cold, PageLoad Warm)> MeasureAsync(IBrowser browser, Uri url, string fragment, int loads)
    {
        var cold = new List<PageLoad>();
        var warm = new List<PageLoad>();
        for (var i = 0; i < loads; i++)
        {
            await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
            cold.Add(await LoadAsync(context, new Uri(url, $"#{fragment}")));
            warm.Add(await LoadAsync(context, new Uri(url, $"#{fragment}")));
        }
        return (Median(cold), Median(warm));
    }

    private static async Task<PageLoad> LoadAsync(IBrowserContext context, Uri address)
    {
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        await page.GotoAsync(address.ToString());
        try
        {
            await page.WaitForFunctionAsync("() => performance.getEntriesByName('cdr:first-draw').length > 0", null, new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"{address} drew nothing in 30 s{(errors.Count > 0 ? $": {string.Join("; ", errors)}" : "")}");
        }
        await Task.Delay(1000);
        var figures = await page.EvaluateAsync<JsonElement>(Measure);
        var load = new PageLoad(figures.GetProperty("readyMs").GetDouble(), figures.GetProperty("firstDrawMs").GetDouble(), (long)figures.GetProperty("bytes").GetDouble(), figures.GetProperty("requests").GetInt32());
        await page.CloseAsync();
        return errors.Count == 0 ? load : throw new InvalidOperationException($"{address}: {string.Join("; ", errors)}");
    }

    private static PageLoad Median(List<PageLoad> loads) => new(
        Statistics.Median(loads.Select(l => l.ReadyMs)), Statistics.Median(loads.Select(l => l.FirstDrawMs)),
        (long)Statistics.Median(loads.Select(l => (double)l.Bytes)), (int)Statistics.Median(loads.Select(l => (double)l.Requests)));

    /// <summary>A subscriber who has called: the first number of that segment (numbers in full need the key, if set).</summary>
    private static async Task<string> CallerAsync(HttpClient http, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/segments.csv?rule=" + Uri.EscapeDataString("VoiceCalls >= 1"));
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"could not find a subscriber for the subscriber page ({(int)response.StatusCode} {body}): give --subscriber, or --key");
        }
        return body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault()
            ?? throw new InvalidOperationException("no subscriber has called yet: give --subscriber, or let the load run first");
    }
}
