using Cdr.Orleans.Cluster;
using Cdr.Orleans.Tests.Cluster;
using Microsoft.Extensions.Configuration;
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
        var history = Directory.CreateTempSubdirectory("cdr-browser-history-").FullName;
        using var silo = SiloProcess.StartEmbedded("--dashboard-port", port, "--demo", "--demo-rate", "500", "--demo-subscribers", "2000", "--Cdr:Engine:DataDirectory=",
            $"--Cdr:History:Directory={history}", "--Cdr:History:FlushInterval=00:00:01");
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
        // Another window than the live feed's: the page reads it from the traffic API.
        await page.RunAndWaitForResponseAsync(() => page.SelectOptionAsync("#since", "15m"), r => r.Url.Contains("since=15m", StringComparison.Ordinal));
        await page.SelectOptionAsync("#since", "1h");
        await ScreenshotAsync(page, "traffic");
        // A past day from the history (today's, written every second here), per hour; then back to the live feed.
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var day = await page.RunAndWaitForResponseAsync(() => page.FillAsync("#day", today), r => r.Url.Contains($"/api/history/traffic?day={today}", StringComparison.Ordinal));
        Assert.Equal(200, day.Status);
        await Assertions.Expect(page.Locator("#traffic-hint")).ToHaveTextAsync($"{today} (UTC) from the history, per hour");
        await page.ClickAsync("#b-live");
        await Assertions.Expect(page.Locator("#traffic-hint")).ToContainTextAsync("minute charts show the last hour");

        // A campaign made with the form: a bad rule is shown beside its field, nothing is created; a good one is in the
        // list and in the cluster's registry (what 'campaign list' reads).
        await page.GotoAsync($"http://127.0.0.1:{port}/#new-campaign");
        await page.FillAsync("input[name=id]", "browser-made");
        await page.FillAsync("input[name=name]", "Made in the browser");
        await page.FillAsync("input[name=trigger]", "NoSuchCounter > 3");
        await page.FillAsync("input[name='offer.code']", "WEB-1");
        await page.FillAsync("input[name='offer.text']", "An offer made from the web console");
        await page.ClickAsync("#f-campaign button[type=submit]");
        await Assertions.Expect(page.Locator(".field-error[data-for=trigger]")).ToContainTextAsync("No property or field 'NoSuchCounter' exists");
        await Assertions.Expect(page.Locator(".field-error[data-for=id]")).ToHaveTextAsync("");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Cdr:Cluster:Gateways"] = silo.Gateway }).Build();
        using var host = await ClusterConnection.ConnectAsync(configuration, CancellationToken.None);
        var registry = host.Client().GetGrain<Contracts.Campaigns.ICampaignRegistryGrain>(0);
        Assert.Null(await registry.GetAsync("browser-made"));
        // (The demo finds no campaigns/ folder from the test's working directory: one shipped campaign, for its page.)
        Assert.True((await registry.CreateAsync(Campaigns.ShippedCampaigns.Load("retention-dropped-calls"), replace: false)).Ok);

        await page.FillAsync("input[name=trigger]", "H24.VoiceMinutes > 1000");
        await page.ClickAsync("#f-campaign button[type=submit]");
        await Assertions.Expect(page.Locator("#form-result")).ToContainTextAsync("campaign browser-made created (revision 1, Active)");
        Assert.Equal("H24.VoiceMinutes > 1000", (await registry.GetAsync("browser-made"))?.Definition.Trigger);
        await page.GotoAsync($"http://127.0.0.1:{port}/#campaigns");
        await Assertions.Expect(page.Locator("#t-campaigns")).ToContainTextAsync("browser-made");
        await Assertions.Expect(page.Locator("#t-campaigns")).ToContainTextAsync("retention-dropped-calls");
        await ScreenshotAsync(page, "campaigns");

        // A campaign's page, and pausing it from there.
        await page.GotoAsync($"http://127.0.0.1:{port}/#campaign/retention-dropped-calls");
        await Assertions.Expect(page.Locator("#k-title")).ToContainTextAsync("retention-dropped-calls");
        await Assertions.Expect(page.Locator("#t-uplift")).ToContainTextAsync("over the control group");
        await page.Locator("#c-campaign canvas").First.WaitForAsync(new() { Timeout = 15_000 });
        await ScreenshotAsync(page, "campaign");
        // A backtest of an uploaded file on the campaign's page; a file that is not a CDR file says what is wrong.
        var upload = Path.Combine(Path.GetTempPath(), $"cdr-console-{Guid.NewGuid():N}.csv");
        var population = Generator.Synthesis.Population.Create(300, seed: 7, DateOnly.FromDateTime(DateTime.UtcNow));
        var synthesizer = new Generator.Synthesis.CdrSynthesizer(population, 7, DateTime.UtcNow.AddHours(-3), cdrsPerSimSecond: 2);
        File.WriteAllLines(upload, [Domain.Files.CdrCsv.Header, .. Enumerable.Range(0, 2_000).Select(_ => Domain.Files.CdrCsv.Format(synthesizer.Next()))]);
        try
        {
            await page.SetInputFilesAsync("#backtest-file", upload);
            await page.ClickAsync("#b-backtest");
            await Assertions.Expect(page.Locator("#backtest-result")).ToContainTextAsync("offers sent", new() { Timeout = 20_000 });
            File.WriteAllText(upload, "name,age\nAnn,30\n");
            await page.SetInputFilesAsync("#backtest-file", upload);
            await page.ClickAsync("#b-backtest");
            await Assertions.Expect(page.Locator("#backtest-result")).ToContainTextAsync("the header lacks column(s)");
        }
        finally
        {
            File.Delete(upload);
        }
        await page.GotoAsync($"http://127.0.0.1:{port}/#campaign/browser-made");
        await Assertions.Expect(page.Locator("#k-title")).ToContainTextAsync("browser-made");
        await page.ClickAsync("button[data-status=paused]");
        await Assertions.Expect(page.Locator("#k-status")).ToContainTextAsync("Paused");
        Assert.Equal(Contracts.Campaigns.CampaignStatus.Paused, (await registry.GetAsync("browser-made"))?.Status);
        // Its history: made and paused from this page, by the web console.
        await Assertions.Expect(page.Locator("#t-history tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#t-history tbody tr").First).ToContainTextAsync("Paused");
        await Assertions.Expect(page.Locator("#t-history tbody tr").First).ToContainTextAsync("web console (");

        // A subscriber looked up by number, and the models page.
        var number = System.Text.RegularExpressions.Regex.Match(silo.Output, @"subscriber show (\+\d+)").Groups[1].Value; // the demo names three
        await page.GotoAsync($"http://127.0.0.1:{port}/#subscriber");
        await page.FillAsync("#f-subscriber input[name=msisdn]", number);
        await page.ClickAsync("#f-subscriber button[type=submit]");
        await Assertions.Expect(page.Locator("#s-title")).ToContainTextAsync(number);
        await page.Locator("#c-shares canvas").First.WaitForAsync(new() { Timeout = 15_000 });
        await ScreenshotAsync(page, "subscriber");
        await page.FillAsync("#f-subscriber input[name=msisdn]", "not-a-number");
        await page.ClickAsync("#f-subscriber button[type=submit]");
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("'not-a-number' is not an E.164 number");
        await page.GotoAsync($"http://127.0.0.1:{port}/#models");
        await Assertions.Expect(page.Locator("#t-models")).ToContainTextAsync("retention-dropped-calls");
        await ScreenshotAsync(page, "models");

        // A segment built from the filters, counted; a rule typed wrong says why.
        await page.GotoAsync($"http://127.0.0.1:{port}/#segments");
        await page.SelectOptionAsync("#f-segment select[name=tier]", "Gold");
        await page.FillAsync("#f-segment input[name=calls]", "1");
        await Assertions.Expect(page.Locator("#segment-rule")).ToHaveValueAsync("Tier == \"Gold\" && VoiceCalls >= 1");
        await page.ClickAsync("#b-count");
        await Assertions.Expect(page.Locator("#segment-result")).ToContainTextAsync("of 2,000 subscribers", new() { Timeout = 30_000 });
        await ScreenshotAsync(page, "segments");
        await page.FillAsync("#segment-rule", "Tier == ");
        await page.ClickAsync("#b-count");
        await Assertions.Expect(page.Locator("#segment-result")).ToContainTextAsync("rule: ");

        // The segment sent once from its page: the one-shot campaign's page then shows the send and its funnel.
        await page.FillAsync("#segment-rule", "Tier == \"Gold\" && VoiceCalls >= 1");
        await page.ClickAsync("#d-send summary");
        await page.FillAsync("#f-send input[name=campaign]", "gold-callers-once");
        await page.FillAsync("#f-send input[name=title]", "Gold callers, once");
        await page.FillAsync("#f-send input[name=code]", "GOLD-ONCE");
        await page.FillAsync("#f-send input[name=text]", "A thank-you for our Gold callers");
        await page.ClickAsync("#b-send");
        await Assertions.Expect(page.Locator("#k-title")).ToContainTextAsync("gold-callers-once", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#k-send")).ToContainTextAsync("Segment send done", new() { Timeout = 60_000 });
        await ScreenshotAsync(page, "segment-send");

        // The demo's load paused from its page: the overview's rate falls to 0 without a reload.
        await page.GotoAsync($"http://127.0.0.1:{port}/#load");
        await Assertions.Expect(page.Locator("#load-result")).ToContainTextAsync("2,000 subscribers");
        await ScreenshotAsync(page, "load");
        await page.FillAsync("#f-load input[name=rate]", "0");
        await page.ClickAsync("#f-load button[type=submit]");
        await Assertions.Expect(page.Locator("#load-result")).ToContainTextAsync("paused");
        await page.GotoAsync($"http://127.0.0.1:{port}/#overview");
        await Assertions.Expect(page.Locator("#o-rate")).ToHaveTextAsync("0", new() { Timeout = 20_000 });

        // The browser reports the refused campaign's and number's 400s as failed resources: those are expected, nothing else.
        var unexpected = errors.Where(e => !(e.Contains("status of 400", StringComparison.Ordinal)
            && (e.Contains("/api/campaigns", StringComparison.Ordinal) || e.Contains("/api/subscribers/not-a-number", StringComparison.Ordinal) || e.Contains("/api/segments?rule=Tier", StringComparison.Ordinal) || e.Contains("/backtest", StringComparison.Ordinal)))).ToList();
        Assert.True(unexpected.Count == 0, "console errors:\n" + string.Join("\n", unexpected));
        Assert.Equal([], silo.ErrorLines);
    }

    [Fact]
    public async Task Given_a_key_and_a_profile_full_of_markup_When_the_console_is_opened_Then_it_asks_for_the_key_once_and_shows_the_markup_as_text()
    {
        Assert.True(File.Exists(Chromium), $"no browser at {Chromium}: install Debian's chromium (apt-get install -y chromium; .ci/run does) or set CDR_CHROMIUM");
        const string key = "0123456789abcdef-browser";
        var keyFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(keyFile, key);
        var port = SiloProcess.FreePort();
        using var silo = SiloProcess.StartEmbedded("--dashboard-port", port, "--console-key-file", keyFile, "--Cdr:Engine:DataDirectory=");
        await silo.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
        File.Delete(keyFile);
        const string number = "+447700900777";
        const string name = "<img src=x onerror=\"window.pwned='name'\">";
        const string carrier = "<script>window.pwned='operator'</script>";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Cdr:Cluster:Gateways"] = silo.Gateway }).Build();
        using (var host = await ClusterConnection.ConnectAsync(configuration, CancellationToken.None))
        {
            await ProfileLoader.LoadAsync(host.Client(), [new Contracts.Subscribers.SubscriberProfile(number, name, 30, Contracts.Subscribers.Gender.Female,
                "<b>London</b>", carrier, Contracts.Subscribers.Plan.Prepaid, Contracts.Subscribers.Tier.Gold, new DateOnly(2024, 1, 1))], null, CancellationToken.None);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync($"http://127.0.0.1:{port}/#subscriber/{Uri.EscapeDataString(number)}");
        await Assertions.Expect(page.Locator("#key-dialog")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.FillAsync("#f-key input[name=key]", "not-the-key-0000000");
        await page.ClickAsync("#f-key button");
        await Assertions.Expect(page.Locator("#key-error")).ToHaveTextAsync("that is not the console's key");
        await page.FillAsync("#f-key input[name=key]", key);
        await page.ClickAsync("#f-key button");
        await Assertions.Expect(page.Locator("#key-dialog")).ToBeHiddenAsync();

        await Assertions.Expect(page.Locator("#s-title")).ToHaveTextAsync($"{number}: {name}", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#t-profile")).ToContainTextAsync(carrier);
        await Assertions.Expect(page.Locator("#t-profile")).ToContainTextAsync("<b>London</b>");
        Assert.Equal(0, await page.Locator("#page-subscriber img, #page-subscriber script, #page-subscriber b").CountAsync());
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.pwned"));
        // The session is a cookie no script can read; the live feed, the other pages and the dashboard come with it, unasked.
        Assert.Equal("", await page.EvaluateAsync<string>("() => document.cookie"));
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("live", new() { Timeout = 15_000 });
        await page.GotoAsync($"http://127.0.0.1:{port}/#campaigns");
        await Assertions.Expect(page.Locator("#t-campaigns")).ToContainTextAsync("no campaigns yet");
        Assert.Equal(200, (await page.GotoAsync($"http://127.0.0.1:{port}/dashboard"))?.Status);
        Assert.True(errors.All(e => e.Contains("status of 401", StringComparison.Ordinal)), "console errors:\n" + string.Join("\n", errors));
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
