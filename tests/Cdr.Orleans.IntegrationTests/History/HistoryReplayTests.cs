using Cdr.Orleans.Cluster;
using System.Globalization;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Domain.Files;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Generator.Running;
using Cdr.Orleans.Generator.Synthesis;
using Cdr.Orleans.Infrastructure.History;
using Cdr.Orleans.Tests.Cluster;
using Microsoft.Extensions.Configuration;

namespace Cdr.Orleans.Tests.History;

/// <summary>
/// The history as an analyst reads it: a seeded file replayed through a real silo process, its history written and
/// queried with DuckDB, and the totals equal to a count of the file made without the engine (a plain split of its
/// lines); the silo restarted on the same directory adds nothing twice.
/// </summary>
public sealed class HistoryReplayTests
{
    [Fact]
    public async Task Given_a_seeded_file_replayed_When_its_history_is_queried_Then_the_totals_equal_an_independent_count_of_the_file()
    {
        var directory = Directory.CreateTempSubdirectory("cdr-history-replay-").FullName;
        var file = Path.Combine(directory, "cdrs.csv");
        var history = Path.Combine(directory, "history");
        var now = DateTime.UtcNow;
        var population = Population.Create(200, seed: 71, DateOnly.FromDateTime(now));
        var synthesizer = new CdrSynthesizer(population, 71, now.AddDays(-2), cdrsPerSimSecond: 0.05);
        var records = Enumerable.Range(0, 3_000).Select(_ => synthesizer.Next()).TakeWhile(c => c.StartUtc < now.AddMinutes(-2)).ToList();
        await File.WriteAllLinesAsync(file, [CdrCsv.Header, .. records.Select(CdrCsv.Format)]);
        string[] settings = [$"--Cdr:History:Directory={history}", "--Cdr:History:FlushInterval=00:00:01", "--Cdr:Engine:DataDirectory="];
        var port = SiloProcess.FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Contracts.Campaigns.CampaignResults results;
        try
        {
            using (var silo = SiloProcess.StartEmbedded([.. settings, "--dashboard-port", port]))
            {
                await silo.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
                var campaign = await File.ReadAllTextAsync(RepositoryFiles.PathOf("campaigns", "friends-and-family.json"));
                var created = await http.PostAsync("/api/campaigns", new StringContent(campaign, System.Text.Encoding.UTF8, "application/json"));
                Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
                var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Cdr:Cluster:Gateways"] = silo.Gateway }).Build();
                using (var host = await ClusterConnection.ConnectAsync(configuration, CancellationToken.None))
                {
                    var client = host.Client();
                    await ProfileLoader.LoadAsync(client, population.Profiles(), null, CancellationToken.None);
                    var publisher = new CdrPublisher(client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions());
                    var summary = await new ReplayRunner(publisher).RunAsync(file, 0, null, null, CancellationToken.None);
                    Assert.Equal(records.Count, summary.Published);
                    await Eventually.UntilAsync(async () => (await client.GetGrain<IStatsGrain>(0).GetAsync()).CdrsApplied == records.Count,
                        $"{records.Count} CDRs applied", TimeSpan.FromSeconds(60));
                    // The campaign's results come in the same report as the applied count (a CDR is counted applied once
                    // its subscriber has decided on it): complete once every CDR is.
                    results = (await client.GetGrain<IStatsGrain>(0).GetCampaignResultsAsync())["friends-and-family"];
                    await host.StopAsync();
                }
                await silo.StopAsync(); // a stop writes what the last flush left
                Assert.Equal(0, silo.ExitCode);
            }

            var expected = CountIndependently(file);
            await AssertTotalsAsync(history, expected);

            // The same silo again on the same directory: it writes nothing it wrote before, and its console reads the history.
            using (var again = SiloProcess.StartEmbedded([.. settings, "--dashboard-port", port]))
            {
                await again.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
                await AssertTotalsAsync(history, expected);

                // The campaign page's days: every decision of the run, as the stats counted them.
                Assert.True(results.Sent > 0, $"the campaign sent nothing: {results}");
                var days = (await ProcessLoad.GetJsonAsync(http, "/api/history/campaigns/friends-and-family/days?days=30")).GetProperty("rows").EnumerateArray().ToList();
                Assert.Equal((results.Sent, results.HeldOut), (days.Sum(d => d.GetProperty("sent").GetInt64()), days.Sum(d => d.GetProperty("heldOut").GetInt64())));

                // The traffic page's past day: each hour's records equal the file's count of that hour.
                var busiest = records.GroupBy(r => DateOnly.FromDateTime(r.StartUtc)).MaxBy(g => g.Count())!;
                var traffic = await ProcessLoad.GetJsonAsync(http, $"/api/history/traffic?day={busiest.Key:yyyy-MM-dd}");
                Assert.Equal(busiest.GroupBy(r => r.StartUtc.Hour).OrderBy(g => g.Key).Select(g => (g.Key.ToString("00", CultureInfo.InvariantCulture), (long)g.Count())),
                    traffic.GetProperty("hours").EnumerateArray().Select(h => (h.GetProperty("value").GetString()!, h.GetProperty("cdrs").GetInt64())));
                Assert.Equal(busiest.Count(), traffic.GetProperty("regions").GetProperty("values").EnumerateArray().Sum(v => v.GetProperty("cdrs").EnumerateArray().Sum(c => c.GetInt64())));

                // What the endpoints refuse: a day that is not a date, an id that is not one (quotes included), too many days.
                foreach (var (path, error) in new[]
                {
                    ("/api/history/traffic?day=yesterday", "day is 'yesterday'; accepted: a date as yyyy-MM-dd"),
                    ("/api/history/campaigns/x'%20OR%20'1'='1/days", "is not a campaign id; accepted: lower-case letters, digits and dashes, at most 64"),
                    ("/api/history/campaigns/friends-and-family/days?days=0", "days is 0; accepted: 1 to 3660"),
                })
                {
                    var refused = await http.GetAsync(path);
                    Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
                    Assert.Contains(error, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                }
                await again.StopAsync();
            }
            await AssertTotalsAsync(history, expected);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Per type (voice, sms, data): records and voice seconds, and voice calls per hour of the day; read from the file's text alone.</summary>
    private static (Dictionary<string, (long Records, long Seconds)> ByType, Dictionary<int, long> VoiceByHour) CountIndependently(string file)
    {
        var lines = File.ReadAllLines(file);
        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name);
        var (type, seconds, start) = (Column("type"), Column("duration_s"), Column("start_utc"));
        var byType = new Dictionary<string, (long, long)>();
        var byHour = new Dictionary<int, long>();
        foreach (var fields in lines.Skip(1).Select(l => l.Split(',')))
        {
            var kind = fields[type].ToLowerInvariant();
            var duration = kind == "voice" ? long.Parse(fields[seconds], CultureInfo.InvariantCulture) : 0;
            var (records, total) = byType.GetValueOrDefault(kind);
            byType[kind] = (records + 1, total + duration);
            if (kind == "voice")
            {
                var hour = DateTime.Parse(fields[start], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal).Hour;
                byHour[hour] = byHour.GetValueOrDefault(hour) + 1;
            }
        }
        return (byType, byHour);
    }

    private static async Task AssertTotalsAsync(string history, (Dictionary<string, (long Records, long Seconds)> ByType, Dictionary<int, long> VoiceByHour) expected)
    {
        var byType = await HistoryQuery.RunAsync(history,
            "SELECT value, sum(cdrs), sum(voice_seconds) FROM traffic WHERE dimension = 'type' GROUP BY value", TimeSpan.FromSeconds(60), CancellationToken.None);
        Assert.Equal(expected.ByType.OrderBy(t => t.Key).Select(t => (t.Key, t.Value.Records, t.Value.Seconds)),
            byType.Rows.Select(r => ((string)r[0]!, (long)r[1]!, (long)r[2]!)).OrderBy(r => r.Item1));
        var byHour = await HistoryQuery.RunAsync(history, await File.ReadAllTextAsync(RepositoryFiles.PathOf("queries", "duration-per-hour-of-day.sql")),
            TimeSpan.FromSeconds(60), CancellationToken.None);
        Assert.Equal(expected.VoiceByHour.OrderBy(h => h.Key).Select(h => (h.Key, h.Value)),
            byHour.Rows.Select(r => (Convert.ToInt32(r[0], CultureInfo.InvariantCulture), (long)r[1]!)));
    }
}
