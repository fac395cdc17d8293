using Cdr.Orleans.Cluster;
using System.Net;
using System.Text.Json;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Domain.Campaigns;
using Cdr.Orleans.Domain.Cdrs;
using Cdr.Orleans.Domain.Files;
using Cdr.Orleans.Generator.Synthesis;
using Cdr.Orleans.Tests.Cluster;
using Microsoft.Extensions.Configuration;

namespace Cdr.Orleans.Tests.Web;

/// <summary>The web console's API and live feed, over HTTP from a real embedded silo process, against an independent count of the CDRs published.</summary>
public sealed class WebConsoleApiTests
{
    private const int Partitions = 4;

    [Fact]
    public async Task Given_cdrs_published_to_a_silo_When_the_console_api_and_live_feed_are_read_Then_their_counts_equal_the_cdrs_published()
    {
        var port = SiloProcess.FreePort();
        using var silo = SiloProcess.StartEmbedded("--dashboard-port", port, $"--Cdr:Stream:Partitions={Partitions}", "--Cdr:Engine:DataDirectory=");
        await silo.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
        Assert.Contains($"web console http://localhost:{port}/", silo.Output);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var now = DateTime.UtcNow;
        var population = Population.Create(200, seed: 43, DateOnly.FromDateTime(now));
        var synthesizer = new CdrSynthesizer(population, 43, now.AddHours(-1), cdrsPerSimSecond: 5);
        // At night the simulated clock runs fast (few CDRs an hour): stop short of the present, so that every CDR is in
        // the past whenever the silo reads it.
        var cdrs = Enumerable.Range(0, 1_500).Select(_ => synthesizer.Next()).TakeWhile(c => c.StartUtc < now.AddMinutes(-2)).ToList();
        // Three from the far future: rejected, and counted by reason.
        cdrs.AddRange(cdrs.Take(3).Select((c, i) => c with { Id = $"future-{i}", StartUtc = now.AddDays(30) }));
        var acceptedCdrs = cdrs.Select(c => CdrIntake.Accept(c, now, TimeSpan.FromMinutes(5), out _, out _)).OfType<Contracts.Cdrs.CallDetailRecord>().ToList();
        var accepted = acceptedCdrs.Count;
        var rejected = cdrs.Select(c => (CdrIntake.Accept(c, now, TimeSpan.FromMinutes(5), out var reason, out _), reason)).Where(x => x.reason is not null)
            .GroupBy(x => x.reason!.Code).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.True(rejected.Values.Sum() == 3, string.Join(", ", rejected));

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cdr:Cluster:Gateways"] = silo.Gateway, ["Cdr:Stream:Partitions"] = $"{Partitions}",
        }).Build();
        using (var host = await ClusterConnection.ConnectAsync(configuration, CancellationToken.None))
        {
            await ProcessLoad.PublishAsync(host.Client(), population, cdrs, Partitions);
            await host.StopAsync();
        }

        JsonElement overview = default;
        await Eventually.UntilAsync(async () =>
        {
            overview = await GetAsync(http, "/api/overview");
            return overview.GetProperty("cdrsApplied").GetInt64() == accepted && overview.GetProperty("rejected").GetInt64() == 3;
        }, () => $"{accepted} applied and 3 rejected in /api/overview; last {overview}", TimeSpan.FromSeconds(60));
        Assert.Equal(rejected, overview.GetProperty("rejectedByReason").EnumerateArray()
            .ToDictionary(r => r.GetProperty("reason").GetString()!, r => r.GetProperty("cdrs").GetInt64()));
        Assert.Equal(200, overview.GetProperty("residentSubscribers").GetInt64());
        Assert.Equal(1, overview.GetProperty("silos").GetInt32());
        Assert.Equal(JsonValueKind.Null, overview.GetProperty("stream").ValueKind); // embedded: the stream is in memory
        Shaped<Silo.Web.ConsoleApi.Overview>(overview);

        // The live feed: the same overview, and the traffic pictures equal the traffic API's over the same window.
        // (The silos send their traffic counts about once a second, apart from their statistics: wait for both.)
        var live = await FirstLiveUpdateAsync(http, u => u.GetProperty("overview").GetProperty("cdrsApplied").GetInt64() == accepted
            && u.GetProperty("traffic").GetProperty("hours").EnumerateArray().Sum(h => h.GetProperty("cdrs").GetInt64()) == accepted);
        Assert.Equal(3, live.GetProperty("overview").GetProperty("rejected").GetInt64());
        Shaped<Silo.Web.ConsoleApi.LiveUpdate>(live);
        var traffic = live.GetProperty("traffic");
        Assert.Equal(Cdrs(await GetAsync(http, "/api/traffic/hours"), "hours"), Cdrs(traffic, "hours"));
        Assert.Equal(Cdrs(await GetAsync(http, "/api/traffic/categories?since=60m"), "rows"), Cdrs(traffic, "categories"));
        var regions = traffic.GetProperty("regions");
        Assert.Equal(60, regions.GetProperty("minutes").GetArrayLength());
        var regionTotals = await GetAsync(http, "/api/traffic/regions?since=60m");
        Assert.Equal(
            Cdrs(regionTotals, "rows").OrderBy(r => r.Key, StringComparer.Ordinal),
            regions.GetProperty("values").EnumerateArray().Select(v => (v.GetProperty("value").GetString()!, v.GetProperty("cdrs").EnumerateArray().Sum(n => n.GetInt64())))
                .Where(r => r.Item2 > 0).Select(r => new KeyValuePair<string, long>(r.Item1, r.Item2)).OrderBy(r => r.Key, StringComparer.Ordinal));
        // A page that connects after the feed went quiet (nobody listening) first gets an update made for it, not the
        // last one left over from before: wait until that one is stale (older than the feed's 2 s), after the client
        // stopped draining the response it dropped (it listens up to 2 s meanwhile) and with 2 s to spare.
        var lastRead = live.GetProperty("overview").GetProperty("asOf").GetDateTime();
        await Eventually.UntilAsync(() => Task.FromResult(DateTime.UtcNow - lastRead > TimeSpan.FromSeconds(6)),
            "the live update this test read 6 s old", TimeSpan.FromSeconds(30));
        var connecting = DateTime.UtcNow;
        var firstUpdate = await FirstLiveUpdateAsync(http, _ => true);
        var madeAt = firstUpdate.GetProperty("overview").GetProperty("asOf").GetDateTime();
        Assert.True(madeAt >= connecting.AddSeconds(-1), $"the first update on connecting at {connecting:HH:mm:ss.fff} was made at {madeAt:HH:mm:ss.fff}");

        // A subscriber: the CDRs it made, counted here; the numbers it called masked; clear 400 and 404.
        var busiest = acceptedCdrs.GroupBy(c => c.Caller).OrderByDescending(g => g.Count()).First();
        var subscriber = await GetAsync(http, $"/api/subscribers/{Uri.EscapeDataString(busiest.Key)}");
        Assert.Equal(busiest.Key, subscriber.GetProperty("msisdn").GetString());
        var totals = subscriber.GetProperty("totals");
        Assert.Equal(
            (busiest.Count(c => c.Type == Contracts.Cdrs.CdrType.Voice), busiest.Count(c => c.Type == Contracts.Cdrs.CdrType.Sms), busiest.Count(c => c.Type == Contracts.Cdrs.CdrType.Data)),
            (totals.GetProperty("voiceCalls").GetInt64(), totals.GetProperty("smsCount").GetInt64(), totals.GetProperty("dataSessions").GetInt64()));
        Assert.All(subscriber.GetProperty("topCallees").EnumerateArray(), c => Assert.Contains("****", c.GetProperty("msisdn").GetString()));
        Assert.Equal(busiest.Key, (await GetAsync(http, $"/api/subscribers/{busiest.Key.TrimStart('+')}")).GetProperty("msisdn").GetString());
        var notANumber = await http.GetAsync("/api/subscribers/abc");
        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
        Assert.Equal("'abc' is not an E.164 number; accepted: '+' then 8 to 15 digits, e.g. +447700900123", await ErrorOf(notANumber));
        var unknown = await http.GetAsync($"/api/subscribers/{Uri.EscapeDataString("+447000000001")}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("no subscriber +447000000001: no profile was loaded for it and it has made no call", await ErrorOf(unknown));
        Assert.Equal(0, (await GetAsync(http, "/api/models")).GetArrayLength());
        Assert.Equal("no campaign 'nope'; GET /api/campaigns lists them", await ErrorOf(await http.GetAsync("/api/models/nope")));

        // A segment: counted by every subscriber grain, equal to the callers counted here; all of them in the CSV.
        var voiceCallers = acceptedCdrs.Where(c => c.Type == Contracts.Cdrs.CdrType.Voice).Select(c => c.Caller).Distinct().Order(StringComparer.Ordinal).ToList();
        var segment = await GetAsync(http, $"/api/segments?rule={Uri.EscapeDataString("VoiceCalls >= 1")}&sample=5");
        Assert.Equal((voiceCallers.Count, 200L), (segment.GetProperty("matching").GetInt64(), segment.GetProperty("considered").GetInt64()));
        Assert.Equal(5, segment.GetProperty("sample").GetArrayLength());
        Shaped<Silo.Web.ConsoleApi.Segment>(segment);
        Assert.All(segment.GetProperty("sample").EnumerateArray(), r => Assert.Contains("****", r.GetProperty("msisdn").GetString()));
        var csv = await http.GetStringAsync($"/api/segments.csv?rule={Uri.EscapeDataString("VoiceCalls >= 1")}");
        Assert.Equal(["msisdn", .. voiceCallers], csv.TrimEnd('\n').Split('\n'));
        var badRule = await http.GetAsync($"/api/segments?rule={Uri.EscapeDataString("Nope >= 1")}");
        Assert.Equal(HttpStatusCode.BadRequest, badRule.StatusCode);
        Assert.StartsWith("rule: at position 0: No property or field 'Nope' exists", await ErrorOf(badRule));
        Assert.StartsWith("rule: missing; give a rule over subscribers", await ErrorOf(await http.GetAsync("/api/segments")));

        // A backtest of the published file, uploaded: the same decisions as the engine's backtest over the same lines.
        var campaign = "{\"id\": \"web-backtest\", \"name\": \"Backtest\", \"trigger\": \"Cdr.Type == \\\"voice\\\"\", " +
            "\"offer\": {\"code\": \"BT-1\", \"text\": \"t\"}, \"caps\": {\"perSubscriber\": 1, \"period\": \"1d\"}, \"controlShare\": 0.1}";
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/campaigns", JsonContent(campaign))).StatusCode);
        var file = string.Join('\n', [CdrCsv.Header, .. cdrs.Select(CdrCsv.Format), "not,a,cdr"]);
        var expected = new CampaignBacktest([CampaignJson.Read(campaign, "test", out _)!], Domain.HomeNetwork.Default, DateTime.UtcNow, CdrValidator.DefaultFutureTolerance);
        Infrastructure.Files.DataFiles.Backtest(expected, new StringReader(file), "test", _ => { });
        var backtest = JsonDocument.Parse(await (await http.PostAsync("/api/campaigns/web-backtest/backtest", Upload(file))).Content.ReadAsStringAsync()).RootElement;
        var want = expected.Result();
        Assert.True(want.Decisions.Count > 20, $"the backtest should make offers; it made {want.Decisions.Count}");
        Assert.Equal((want.Decisions.Count, want.CdrsApplied), (backtest.GetProperty("offers").GetInt32(), backtest.GetProperty("cdrsApplied").GetInt64()));
        Assert.Equal(want.Rejected, backtest.GetProperty("rejected").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()));
        Shaped<Silo.Web.ConsoleApi.Backtest>(backtest);
        Shaped<Silo.Web.ConsoleApi.CampaignDetail>(await GetAsync(http, "/api/campaigns/web-backtest"));
        Shaped<IReadOnlyList<Silo.Web.ConsoleApi.CampaignSummary>>(await GetAsync(http, "/api/campaigns"));
        Shaped<IReadOnlyList<Silo.Web.ConsoleApi.ModelRow>>(await GetAsync(http, "/api/models"));
        Shaped<Silo.Web.ConsoleApi.ModelDetail>(await GetAsync(http, "/api/models/web-backtest"));
        var notCdrs = await http.PostAsync("/api/campaigns/web-backtest/backtest", Upload("name,age\nAnn,30\n"));
        Assert.Equal(HttpStatusCode.BadRequest, notCdrs.StatusCode);
        Assert.StartsWith("the uploaded file: the header lacks column(s) caller, callee, type, duration_s, start_utc", await ErrorOf(notCdrs));
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/api/campaigns/nope/backtest", Upload(file))).StatusCode);

        // The pages themselves and the chart library are served.
        var page = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>Cdr.Orleans console</title>", await page.Content.ReadAsStringAsync());
        var library = new HttpRequestMessage(HttpMethod.Get, "/lib/echarts.min.js");
        library.Headers.AcceptEncoding.ParseAdd("br, gzip");
        using var compressed = await http.SendAsync(library);
        Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
        Assert.Equal(["br"], compressed.Content.Headers.ContentEncoding);
        Assert.InRange((await compressed.Content.ReadAsByteArrayAsync()).Length, 100_000, 450_000); // 1.1 MB as it is
        Assert.Equal("public, max-age=86400", compressed.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/dashboard")).StatusCode);
    }

    [Theory]
    [InlineData("0.0.0.0", null, "Cdr:Console:Address is '0.0.0.0', which other machines can reach, and no key is set")]
    [InlineData("0.0.0.0", "short", "Cdr:Console:ApiKey is too weak; accepted: at least 16 characters without spaces")]
    [InlineData("example.org", null, "Cdr:Console:Address is 'example.org'; accepted: localhost, an IP address of this machine")]
    public async Task Given_a_console_reachable_from_other_machines_without_a_good_key_When_the_silo_starts_Then_it_refuses_and_says_why(string address, string? key, string message)
    {
        using var silo = SiloProcess.StartEmbedded(["--dashboard-port", SiloProcess.FreePort(), "--console-address", address, .. key is null ? Array.Empty<string>() : ["--console-key", key]]);
        await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, silo.ExitCode);
        Assert.Contains($"error: {message}", silo.Output);
    }

    [Fact]
    public async Task Given_the_console_turned_off_When_the_silo_runs_Then_its_api_is_gone_and_the_dashboard_stays()
    {
        var port = SiloProcess.FreePort();
        using var silo = SiloProcess.StartEmbedded("--dashboard-port", port, "--console-port", "0", "--Cdr:Engine:DataDirectory=");
        await silo.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        Assert.Contains("web console off", silo.Output);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/overview")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Given_the_demo_When_its_load_is_changed_from_the_console_Then_the_rate_follows_and_bad_values_are_refused()
    {
        const string key = "0123456789abcdef-load";
        var port = SiloProcess.FreePort();
        using var silo = SiloProcess.StartEmbedded("--dashboard-port", port, "--console-key", key, "--demo", "--demo-rate", "400", "--demo-subscribers", "500", "--Cdr:Engine:DataDirectory=");
        await silo.WaitForOutputAsync("demo:", TimeSpan.FromSeconds(60));
        using var stranger = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.PostAsync("/api/load", JsonContent("{\"rate\": 0}"))).StatusCode);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        var load = await GetAsync(http, "/api/load");
        Assert.Equal((400.0, "none", true, 500), (load.GetProperty("rate").GetDouble(), load.GetProperty("skew").GetString(), load.GetProperty("answering").GetBoolean(), load.GetProperty("subscribers").GetInt32()));

        // Paused: nothing more is applied.
        Assert.Equal(HttpStatusCode.OK, (await PostLoadAsync(http, "{\"rate\": 0, \"answering\": false}")).StatusCode);
        // (The rate is over the last 5 s: 0 means nothing was applied in them.)
        await Eventually.UntilAsync(async () => (await GetAsync(http, "/api/overview")).GetProperty("cdrsPerSecond").GetDouble() == 0,
            "no CDR applied for 5 s after the load page paused the demo", TimeSpan.FromSeconds(30));
        var paused = (await GetAsync(http, "/api/overview")).GetProperty("cdrsApplied").GetInt64();

        // Going again, leaning to clinics.
        var going = await PostLoadAsync(http, "{\"rate\": 600, \"skew\": \"Clinic\"}");
        Assert.Equal("Clinic", JsonDocument.Parse(await going.Content.ReadAsStringAsync()).RootElement.GetProperty("skew").GetString());
        await Eventually.UntilAsync(async () => (await GetAsync(http, "/api/overview")).GetProperty("cdrsApplied").GetInt64() > paused + 500,
            "CDRs applied again after the load page set 600/s", TimeSpan.FromSeconds(30));

        var badRate = await PostLoadAsync(http, "{\"rate\": -1}");
        Assert.Equal(HttpStatusCode.BadRequest, badRate.StatusCode);
        Assert.Equal("rate: -1 is not accepted; give 0 (paused) to 100000 CDRs per second", await ErrorOf(badRate));
        var badSkew = await PostLoadAsync(http, "{\"skew\": \"Planets\"}");
        Assert.StartsWith("skew: 'Planets' is not a callee category; accepted: none, Private, Business,", await ErrorOf(badSkew));
        Assert.Equal(600.0, (await GetAsync(http, "/api/load")).GetProperty("rate").GetDouble()); // refused changes changed nothing
        Assert.Equal([], silo.ErrorLines);
    }

    private static Task<HttpResponseMessage> PostLoadAsync(HttpClient http, string json) => http.PostAsync("/api/load", JsonContent(json));

    [Fact]
    public async Task Given_bad_campaign_requests_When_sent_Then_each_gets_400_or_404_with_what_is_wrong_and_nothing_is_created()
    {
        var port = SiloProcess.FreePort();
        using var silo = SiloProcess.StartEmbedded("--dashboard-port", port, "--Cdr:Engine:DataDirectory=");
        await silo.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var notJson = await http.PostAsync("/api/campaigns", JsonContent("{\"id\": \"a\", \"perSubscrber\": 1}"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.StartsWith("the campaign (line 1, column ", await ErrorOf(notJson));

        var invalid = await http.PostAsync("/api/campaigns", JsonContent("{\"id\": \"web-bad\", \"name\": \"n\", \"trigger\": \"Nope > 1\", \"offer\": {\"code\": \"X\", \"text\": \"t\"}}"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var body = JsonDocument.Parse(await invalid.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("campaign 'web-bad' is not accepted", body.GetProperty("error").GetString());
        var field = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal("trigger", field.GetProperty("field").GetString());
        Assert.StartsWith("No property or field 'Nope' exists", field.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/campaigns/web-bad")).StatusCode);

        var status = await http.PostAsync("/api/campaigns/web-bad/status", JsonContent("{\"status\":\"paused\"}"));
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Equal("no campaign 'web-bad'; GET /api/campaigns lists them", await ErrorOf(status));
        var badStatus = await http.PostAsync("/api/campaigns/web-bad/status", JsonContent("{\"status\":\"asleep\"}"));
        Assert.Equal("status 'asleep' is not accepted; accepted: active, paused, stopped", await ErrorOf(badStatus));
    }

    /// <summary>
    /// The answer is exactly its record of <see cref="Silo.Web.ConsoleApi"/>, the contract console.js reads: it reads into
    /// the record with no field left over, and the record writes the same JSON back.
    /// </summary>
    private static void Shaped<T>(JsonElement answer)
    {
        var strict = new JsonSerializerOptions(Silo.Web.WebConsoleJson.Options) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };
        var record = answer.Deserialize<T>(strict);
        var again = JsonSerializer.SerializeToElement(record, Silo.Web.WebConsoleJson.Options);
        Assert.True(JsonElement.DeepEquals(answer, again), $"{typeof(T).Name}: {answer} was written back as {again}");
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static MultipartFormDataContent Upload(string file) => new() { { new StringContent(file), "file", "cdrs.csv" } };

    private static async Task<string?> ErrorOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();

    /// <summary>Reads the server-sent events until one satisfies <paramref name="condition"/>.</summary>
    internal static async Task<JsonElement> FirstLiveUpdateAsync(HttpClient http, Func<JsonElement, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await http.GetAsync("/api/live", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var last = "";
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                last = line;
                var update = JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
                if (condition(update))
                {
                    return update;
                }
            }
        }
        throw new InvalidOperationException($"the live feed ended; last update {last}");
    }

    private static Task<JsonElement> GetAsync(HttpClient http, string path) => ProcessLoad.GetJsonAsync(http, path);

    /// <summary>CDRs per value, from the traffic API's rows (counts.cdrs) or the live feed's (cdrs).</summary>
    private static Dictionary<string, long> Cdrs(JsonElement document, string property) =>
        document.GetProperty(property).EnumerateArray().ToDictionary(
            r => r.GetProperty("value").GetString()!,
            r => r.TryGetProperty("counts", out var counts) ? counts.GetProperty("cdrs").GetInt64() : r.GetProperty("cdrs").GetInt64());
}
