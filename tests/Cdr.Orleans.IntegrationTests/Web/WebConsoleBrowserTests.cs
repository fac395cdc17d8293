using Cdr.Orleans.Tests.Cluster;
using Microsoft.Playwright;

namespace Cdr.Orleans.Tests.Web;

/// <summary>
/// The web console in a real browser (Debian's chromium, headless, launched by path: Playwright's own browser download
/// cannot work here). With <c>CDR_SCREENSHOTS=DIR</c> each page is also saved as DIR/PAGE.png, as the README shows them.
/// </summary>
public sealed class WebConsoleBrowserTests
{
    private static readonly string Chromium = Environment.GetEnvironmentVariable("CDR_CHROMIUM") ?? "/usr/bin/chromium";

    [Fact]
    public async Task Given_a_silo_under_load_When_its_pages_are_opened_Then_they_draw_with_no_console_error_and_the_rate_moves_without_a_reload()
    {
        Assert.True(File.Exists(Chromium), $"no browser at {Chromium}: install Debian's chromium (apt-get install -y chromium; .ci/run does) or set CDR_CHROMIUM");
        var port = SiloProcess.FreePort();
        using var silo = SiloProcess.StartEmbedded("--dashboard-port", port, "--demo", "--demo-rate", "500", "--demo-subscribers", "2000", "--Cdr:Engine:DataDirectory=");
        await silo.WaitForOutputAsync("demo:", TimeSpan.FromSeconds(60));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync($"http://127.0.0.1:{port}/#overview");
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("live", new() { Timeout = 15_000 });
        await page.WaitForFunctionAsync("() => document.getElementById('o-applied').textContent !== '–'", null, new() { Timeout = 15_000 });
        var first = await AppliedAsync(page);
        await page.WaitForFunctionAsync($"() => Number(document.getElementById('o-applied').textContent.replace(/,/g, '')) > {first}", null, new() { Timeout = 15_000 });
        Assert.True(await page.Locator("#c-rate canvas").CountAsync() > 0, "the rate chart has no canvas");
        Assert.Matches(@"^\d", await page.Locator("#o-rate").TextContentAsync() ?? "");
        await ScreenshotAsync(page, "overview");

        await page.GotoAsync($"http://127.0.0.1:{port}/#traffic");
        foreach (var chart in new[] { "c-heat", "c-operators", "c-hours", "c-categories", "c-countries" })
        {
            await page.Locator($"#{chart} canvas").First.WaitForAsync(new() { Timeout = 15_000 });
        }
        await page.SelectOptionAsync("#since", "15m");
        await page.WaitForTimeoutAsync(1_500);
        await page.SelectOptionAsync("#since", "1h");
        await ScreenshotAsync(page, "traffic");

        Assert.Equal([], errors);
        Assert.Equal([], silo.ErrorLines);
    }

    private static async Task<long> AppliedAsync(IPage page) =>
        long.Parse((await page.Locator("#o-applied").TextContentAsync())!.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("CDR_SCREENSHOTS") is { Length: > 0 } directory)
        {
            await page.WaitForTimeoutAsync(2_500); // a few live updates, so the charts have something to show
            await page.ScreenshotAsync(new() { Path = Path.Combine(directory, $"{name}.png"), FullPage = true });
        }
    }
}
