using Cdr.Orleans.ConsoleBench;
using Microsoft.Playwright;

// console-bench: the web console's figures from a real browser against a running silo (docs/benchmarks.md).
if (!BenchOptions.TryParse(args, out var options, out var error))
{
    Console.Error.WriteLine($"error: {error}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var http = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromMinutes(2) };
IReadOnlyList<(string Name, string Fragment)> pages;
try
{
    pages = await PageLoads.PagesAsync(http, options);
}
catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
{
    Console.Error.WriteLine($"error: the console at {options.Url} could not be read: {ex.Message}");
    return 3;
}

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = options.Chromium, Headless = true, Args = ["--no-sandbox"] });
Console.WriteLine($"console bench: {options.Url}, chromium {browser.Version} headless, {Environment.ProcessorCount} cores");
try
{
    if (options.Loads > 0)
    {
        Console.WriteLine($"page loads, medians of {options.Loads} a page:");
        Console.WriteLine("               cold (empty cache)                          warm (opened again)");
        Console.WriteLine("  page          ready ms  first chart ms   bytes  requests   ready ms  first chart ms   bytes");
    }
    foreach (var (name, fragment) in options.Loads > 0 ? pages : [])
    {
        var (cold, warm) = await PageLoads.MeasureAsync(browser, options.Url, fragment, options.Loads);
        Console.WriteLine($"  {name,-13} {cold.ReadyMs,8:N0} {cold.FirstDrawMs,15:N0} {cold.Bytes,7:N0} {cold.Requests,9}   {warm.ReadyMs,8:N0} {warm.FirstDrawMs,15:N0} {warm.Bytes,7:N0}");
    }
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
if (options.Tabs == 0)
{
    return 0;
}

Console.WriteLine();
Console.WriteLine($"silo CPU without and with {options.Tabs} open tabs (the silo's side of them: live streams, a campaign page's reread every 5 s; " +
    $"pid {options.SiloPid}; {options.Rounds} rounds of {options.Phase.TotalSeconds:N0} s each, alternated, after a warm-up of as long):");
var live = pages.Select(p => p.Fragment).Where(f => f is "overview" or "traffic" or "campaigns" || f.StartsWith("campaign/", StringComparison.Ordinal)).ToArray();
IReadOnlyList<TabPhase> phases;
double? rateBefore = null;
try
{
    if (options.PausedLoad)
    {
        rateBefore = await LoadApi.PauseAsync(http, options.Key);
        Console.WriteLine($"  (the demo's load paused from {rateBefore:N0} CDRs/s for the phases; the state it made stays)");
    }
    Console.WriteLine("  round  tabs   cores in use   CDRs/s    CPU ms a 1,000 CDRs");
    phases = await TabCost.MeasureAsync(http, options, live, p =>
        Console.WriteLine($"  {p.Round,5}  {(p.Tabs ? options.Tabs : 0),4}   {p.Cores,12:N3}   {p.CdrsPerSecond,7:N0}    {(double.IsNaN(p.CpuMsPerThousandCdrs) ? "–" : p.CpuMsPerThousandCdrs.ToString("N1")),8}"));
}
catch (Exception ex) when (ex is HttpRequestException or TimeoutException or InvalidOperationException or IOException)
{
    Console.Error.WriteLine($"error: the tabs could not be measured: {ex.Message}");
    return 1;
}
finally
{
    if (rateBefore is { } rate)
    {
        await LoadApi.SetRateAsync(http, options.Key, rate);
    }
}
var none = phases.Where(p => !p.Tabs).ToArray();
var with = phases.Where(p => p.Tabs).ToArray();
var cost = TabCost.CostInCores(phases);
Console.WriteLine($"  medians: without tabs {Statistics.Median(none.Select(p => p.Cores)):N3} cores at {Statistics.Median(none.Select(p => p.CdrsPerSecond)):N0} CDRs/s; " +
    $"with {options.Tabs} tabs {Statistics.Median(with.Select(p => p.Cores)):N3} cores at {Statistics.Median(with.Select(p => p.CdrsPerSecond)):N0} CDRs/s");
Console.WriteLine($"  the tabs cost {cost:N3} cores (median of the rounds): {cost / Environment.ProcessorCount * 100:N1}% of this machine's " +
    $"{Environment.ProcessorCount} cores, so about that share of the CDR rate of a silo running flat out");
return 0;
