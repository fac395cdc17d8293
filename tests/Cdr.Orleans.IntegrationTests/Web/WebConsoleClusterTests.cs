using Cdr.Orleans.Cluster;
using System.Net;
using System.Text.Json;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Generator.Synthesis;
using Cdr.Orleans.Tests.Cluster;

namespace Cdr.Orleans.Tests.Web;

/// <summary>
/// Every silo serves the console, and they all tell the same: two durable silo processes on one Redis, each with its
/// own console, read after CDRs spread over both silos' partitions; a campaign made through one is at once on the other.
/// </summary>
public sealed class WebConsoleClusterTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string ClusterId = "web-console-cluster-test";
    private const int Partitions = 4;

    [Fact]
    public async Task Given_two_silos_When_each_console_is_read_Then_both_show_the_whole_clusters_numbers_and_the_same_campaigns()
    {
        string[] ports = [SiloProcess.FreePort(), SiloProcess.FreePort()];
        var silos = ports.Select(port => SiloProcess.Start(redis.Configuration, ClusterId, "--dashboard-port", port,
            $"--Cdr:Stream:Partitions={Partitions}", $"--Cdr:Cluster:ServiceId={ClusterId}")).ToArray();
        var https = ports.Select(port => new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") }).ToArray();
        try
        {
            await Task.WhenAll(silos.Select(s => s.WaitUntilUpAsync(TimeSpan.FromSeconds(60))));
            var now = DateTime.UtcNow;
            var population = Population.Create(300, seed: 44, DateOnly.FromDateTime(now));
            var synthesizer = new CdrSynthesizer(population, 44, now.AddHours(-1), cdrsPerSimSecond: 5);
            // At night the simulated clock runs fast (few CDRs an hour): stop short of the present, or the CDRs near the
            // clock's tolerance are accepted or not depending on when the silo reads them.
            var cdrs = Enumerable.Range(0, 2_000).Select(_ => synthesizer.Next()).TakeWhile(c => c.StartUtc < now.AddMinutes(-2)).ToList();
            var accepted = cdrs.Select(c => CdrIntake.Accept(c, now, TimeSpan.FromMinutes(5), out _, out _)).OfType<CallDetailRecord>().ToList();
            await Eventually.UntilAsync(async () => (await Task.WhenAll(https.Select(h => GetAsync(h, "/api/overview"))))
                .All(o => o.GetProperty("silos").GetInt32() == 2), "both consoles count 2 silos", TimeSpan.FromSeconds(60));
            using (var host = await SiloProcess.ConnectAsync(redis.Configuration, ClusterId, Partitions))
            {
                await ProcessLoad.PublishAsync(host.Client(), population, cdrs, Partitions);
            }

            // The whole cluster's numbers on each silo's console, live feed included; hours summed over both silos.
            var expectedHours = accepted.GroupBy(c => c.StartUtc.Hour.ToString("00")).ToDictionary(g => g.Key, g => (long)g.Count());
            foreach (var http in https)
            {
                await Eventually.UntilAsync(async () => (await GetAsync(http, "/api/overview")).GetProperty("cdrsApplied").GetInt64() == accepted.Count,
                    $"{accepted.Count} CDRs applied on the console at {http.BaseAddress}", TimeSpan.FromSeconds(60));
                var live = await WebConsoleApiTests.FirstLiveUpdateAsync(http, u =>
                    u.GetProperty("traffic").GetProperty("hours").EnumerateArray().Sum(h => h.GetProperty("cdrs").GetInt64()) == accepted.Count);
                Assert.Equal(accepted.Count, live.GetProperty("overview").GetProperty("cdrsApplied").GetInt64());
                Assert.Equal(2, live.GetProperty("overview").GetProperty("silos").GetInt32());
                Assert.Equal(expectedHours, live.GetProperty("traffic").GetProperty("hours").EnumerateArray()
                    .Where(h => h.GetProperty("cdrs").GetInt64() > 0).ToDictionary(h => h.GetProperty("value").GetString()!, h => h.GetProperty("cdrs").GetInt64()));
                Assert.Equal(Partitions, live.GetProperty("overview").GetProperty("stream").GetProperty("partitions").GetArrayLength());
            }

            // A campaign made on one silo's console is on the other's, with the same definition.
            var campaign = await File.ReadAllTextAsync(Path.Combine(RepositoryFiles.Root, "campaigns", "night-pack.json"));
            var created = await https[0].PostAsync("/api/campaigns", new StringContent(campaign, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var onOther = await GetAsync(https[1], "/api/campaigns/night-pack");
            Assert.Equal("Active", onOther.GetProperty("campaign").GetProperty("status").GetString());
            Assert.Equal((await GetAsync(https[0], "/api/campaigns/night-pack")).GetProperty("definition").GetRawText(), onOther.GetProperty("definition").GetRawText());
            Assert.All(silos, s => Assert.Equal([], s.ErrorLines));
        }
        finally
        {
            foreach (var http in https)
            {
                http.Dispose();
            }
            foreach (var silo in silos)
            {
                silo.Dispose();
            }
        }
    }

    private static Task<JsonElement> GetAsync(HttpClient http, string path) => ProcessLoad.GetJsonAsync(http, path);
}
