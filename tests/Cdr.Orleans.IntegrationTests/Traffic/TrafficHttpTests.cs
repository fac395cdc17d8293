using Cdr.Orleans.Cluster;
using System.Net;
using System.Text.Json;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Segments;
using Cdr.Orleans.Contracts.Traffic;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Generator.Synthesis;
using Cdr.Orleans.Tests.Cluster;

namespace Cdr.Orleans.Tests.Traffic;

/// <summary>
/// The silo's JSON endpoints, read over HTTP from a real durable silo process: exact aggregates, clear 400s, and the
/// same answers after the silo is stopped and started again (the history and the subscriber roster are stored in Redis).
/// </summary>
public sealed class TrafficHttpTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string ClusterId = "traffic-http-test";
    private const int Partitions = 4;
    private const string Week = "since=7d";

    [Fact]
    public async Task Given_a_durable_silo_When_cdrs_are_applied_Then_its_http_endpoints_give_exact_aggregates_and_keep_them_across_a_restart()
    {
        var port = SiloProcess.FreePort();
        string[] settings =
        [
            "--dashboard-port", port, $"--Cdr:Stream:Partitions={Partitions}", "--Cdr:Engine:CheckpointInterval=00:00:01",
            $"--Cdr:Cluster:ServiceId={ClusterId}", "--Cdr:Engine:TrafficRetention=7.00:00:00",
        ];
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var population = Population.Create(200, seed: 41, DateOnly.FromDateTime(DateTime.UtcNow));
        var synthesizer = new CdrSynthesizer(population, 41, DateTime.UtcNow.AddDays(-2), cdrsPerSimSecond: 0.05);
        var cdrs = Enumerable.Range(0, 2_000).Select(_ => synthesizer.Next()).ToList();
        var accepted = cdrs.Select(c => CdrIntake.Accept(c, DateTime.UtcNow, TimeSpan.FromMinutes(5), out _, out _)).OfType<CallDetailRecord>().ToList();
        var operators = population.Profiles().ToDictionary(p => p.Msisdn, p => p.Operator);
        string regionsBefore, hoursBefore;

        using (var silo = SiloProcess.Start(redis.Configuration, ClusterId, settings))
        {
            await silo.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
            using (var host = await ConnectAsync())
            {
                await ProcessLoad.PublishAsync(host.Client(), population, cdrs, Partitions);
            }
            await Eventually.UntilAsync(
                async () => Rows(await GetAsync(http, $"/api/traffic/types?{Week}")).Sum(r => r.Counts.Cdrs) == accepted.Count,
                $"all {accepted.Count} accepted CDRs counted", TimeSpan.FromSeconds(60));

            Expect(accepted.GroupBy(c => c.Type.ToString().ToLowerInvariant()), await GetAsync(http, $"/api/traffic/types?{Week}"));
            Expect(accepted.GroupBy(c => c.Region), await GetAsync(http, $"/api/traffic/regions?{Week}"));
            Expect(accepted.Where(c => c.Type != CdrType.Data).GroupBy(c => c.CalleeCountry), await GetAsync(http, $"/api/traffic/countries?{Week}"));
            Expect(accepted.Where(c => c.Type != CdrType.Data).GroupBy(_ => "Private"), await GetAsync(http, $"/api/traffic/categories?{Week}"));

            // top: the largest by CDRs, in order.
            var top = Rows(await GetAsync(http, $"/api/traffic/operators?{Week}&top=2"));
            var expectedTop = accepted.GroupBy(c => operators[c.Caller]).OrderByDescending(g => g.Count()).Take(2).Select(g => (g.Key, IndependentTraffic.Counts(g)));
            Assert.Equal(expectedTop, top.Select(r => (r.Value, r.Counts)));

            // series: per minute, summing to each operator's total; one entry per minute of the window.
            var series = await GetAsync(http, $"/api/traffic/operators/series?{Week}");
            var minutes = series.GetProperty("minutes").GetArrayLength();
            Assert.Equal(7 * 24 * 60, minutes);
            foreach (var (op, cdrsOfOp) in accepted.GroupBy(c => operators[c.Caller]).Select(g => (g.Key, g.ToList())))
            {
                var perMinute = series.GetProperty("values").GetProperty(op).EnumerateArray().Select(Counts).ToList();
                Assert.Equal(minutes, perMinute.Count);
                Assert.Equal(IndependentTraffic.Counts(cdrsOfOp), perMinute.Aggregate(default(TrafficCounts), (a, b) => a + b));
            }

            var hours = Rows(await GetAsync(http, "/api/traffic/hours"));
            Assert.Equal(Enumerable.Range(0, 24).Select(h => (h.ToString("00"), IndependentTraffic.Counts(accepted.Where(c => c.StartUtc.Hour == h)))),
                hours.Select(r => (r.Value, r.Counts)));

            // The web console's overview shows the durable stream: every partition, nothing left behind, no dead letters.
            var stream = (await GetAsync(http, "/api/overview")).GetProperty("stream");
            Assert.Equal(Partitions, stream.GetProperty("partitions").GetArrayLength());
            Assert.Equal(0, stream.GetProperty("deadLetters").GetInt64());
            Assert.Equal(0, stream.GetProperty("notYetRead").GetInt64());

            // Bad requests: 400 with what is accepted.
            var badDimension = await http.GetAsync("/api/traffic/planets");
            Assert.Equal(HttpStatusCode.BadRequest, badDimension.StatusCode);
            Assert.Equal("'planets' is not a dimension; accepted: regions, operators, types, countries, categories, hours",
                JsonDocument.Parse(await badDimension.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
            var badSince = await http.GetAsync("/api/traffic/regions?since=soon");
            Assert.Equal(HttpStatusCode.BadRequest, badSince.StatusCode);
            Assert.Contains("since 'soon' is not a duration of at least a minute; accepted: e.g. 15m, 1h, 1d", await badSince.Content.ReadAsStringAsync());

            regionsBefore = await http.GetStringAsync($"/api/traffic/regions?{Week}");
            hoursBefore = await http.GetStringAsync("/api/traffic/hours");
            await silo.StopAsync();
        }

        using (var silo = SiloProcess.Start(redis.Configuration, ClusterId, settings))
        {
            await silo.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(regionsBefore, await http.GetStringAsync($"/api/traffic/regions?{Week}"));
            Assert.Equal(hoursBefore, await http.GetStringAsync("/api/traffic/hours"));

            // The roster was stored too: a segment reaches every subscriber, though none is resident in the new silo.
            using var host = await ConnectAsync();
            var segment = await host.Client().GetGrain<ISegmentGrain>(0).QueryAsync("VoiceCalls >= 1", sample: 0);
            Assert.Equal(population.Msisdns.Length, segment.Considered);
            Assert.Equal(accepted.Where(c => c.Type == CdrType.Voice).Select(c => c.Caller).Distinct().Count(), segment.Matching);
        }
    }

    private static void Expect(IEnumerable<IGrouping<string, CallDetailRecord>> groups, JsonElement totals) =>
        Assert.Equal(
            groups.Select(g => (g.Key, IndependentTraffic.Counts(g))).OrderBy(x => x.Key, StringComparer.Ordinal),
            Rows(totals).Select(r => (r.Value, r.Counts)).OrderBy(x => x.Value, StringComparer.Ordinal));

    private static Task<JsonElement> GetAsync(HttpClient http, string path) => ProcessLoad.GetJsonAsync(http, path);

    private static List<(string Value, TrafficCounts Counts)> Rows(JsonElement document) =>
        [.. document.GetProperty(document.TryGetProperty("rows", out _) ? "rows" : "hours").EnumerateArray()
            .Select(r => (r.GetProperty("value").GetString()!, Counts(r.GetProperty("counts"))))];

    private static TrafficCounts Counts(JsonElement counts) => new(
        counts.GetProperty("cdrs").GetInt64(), counts.GetProperty("voiceSeconds").GetInt64(),
        counts.GetProperty("sms").GetInt64(), counts.GetProperty("dataBytes").GetInt64());

    private Task<Microsoft.Extensions.Hosting.IHost> ConnectAsync() => SiloProcess.ConnectAsync(redis.Configuration, ClusterId, Partitions);
}
