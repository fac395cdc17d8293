using Cdr.Orleans.Cluster;
using System.Diagnostics;
using System.Globalization;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Generator.Synthesis;
using Cdr.Orleans.Tests.Cluster;

namespace Cdr.Orleans.Tests.Metrics;

/// <summary>
/// The metrics as an operator's Prometheus sees them: Debian's real server scrapes two durable silos (with a console
/// key, given as a bearer token) under load, loads the shipped alert rules, and answers through its HTTP API with the
/// figures <c>stats</c> gives. The rules themselves pass promtool's checks and their unit tests.
/// </summary>
public sealed class PrometheusTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string ClusterId = "prometheus-test";
    private const int Partitions = 4;
    private const string Key = "prometheus-test-key-0123456789";

    [Fact]
    public async Task Given_the_shipped_alert_rules_and_scrape_config_When_promtool_checks_and_tests_them_Then_they_pass()
    {
        await DebianPackage.EnsureAsync("promtool", "prometheus");
        var deploy = Path.Combine(RepositoryFiles.Root, "deploy", "prometheus");
        var (rulesExit, rules) = await PromtoolAsync(deploy, "check", "rules", "alerts.yml");
        Assert.True(rulesExit == 0, rules);
        Assert.Contains("SUCCESS: 8 rules found", rules, StringComparison.Ordinal);
        var (testsExit, tests) = await PromtoolAsync(deploy, "test", "rules", "alerts.test.yml");
        Assert.True(testsExit == 0, tests);

        // The scrape configuration, with its key file where this machine has one.
        var copy = Directory.CreateTempSubdirectory("cdr-promtool-").FullName;
        try
        {
            var keyFile = Path.Combine(copy, "console.key");
            await File.WriteAllTextAsync(keyFile, Key);
            foreach (var file in new[] { "alerts.yml", "silos.yml" })
            {
                File.Copy(Path.Combine(deploy, file), Path.Combine(copy, file));
            }
            await File.WriteAllTextAsync(Path.Combine(copy, "prometheus.yml"),
                (await File.ReadAllTextAsync(Path.Combine(deploy, "prometheus.yml"))).Replace("/etc/cdr/console.key", keyFile, StringComparison.Ordinal));
            var (configExit, config) = await PromtoolAsync(copy, "check", "config", "prometheus.yml");
            Assert.True(configExit == 0, config);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public async Task Given_two_silos_under_load_When_prometheus_scrapes_them_Then_its_series_equal_what_stats_says()
    {
        var keyFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(keyFile, Key + "\n");
        string[] ports = [SiloProcess.FreePort(), SiloProcess.FreePort()];
        var silos = ports.Select(port => SiloProcess.Start(redis.Configuration, ClusterId, "--dashboard-port", port, "--console-key-file", keyFile,
            $"--Cdr:Stream:Partitions={Partitions}", $"--Cdr:Cluster:ServiceId={ClusterId}", "--Cdr:Metrics:BacklogInterval=00:00:01",
            "--Cdr:Engine:CheckpointInterval=00:00:05")).ToArray();
        PrometheusServer? prometheus = null;
        try
        {
            await Task.WhenAll(silos.Select(s => s.WaitUntilUpAsync(TimeSpan.FromSeconds(60))));
            prometheus = await PrometheusServer.StartAsync(ports.Select(p => $"127.0.0.1:{p}"), keyFile);
            await Eventually.UntilAsync(async () => await prometheus.ScalarAsync("sum(up{job=\"cdr-silo\"})") == 2,
                () => $"both silos scraped (up = 1)\n{prometheus.Output}", TimeSpan.FromSeconds(30));

            var now = DateTime.UtcNow;
            var population = Population.Create(300, seed: 61, DateOnly.FromDateTime(now));
            var synthesizer = new CdrSynthesizer(population, 61, now.AddHours(-1), cdrsPerSimSecond: 5);
            var cdrs = Enumerable.Range(0, 2_000).Select(_ => synthesizer.Next()).TakeWhile(c => c.StartUtc < now.AddMinutes(-2)).ToList();
            // Some again (duplicates) and some from the future (rejected at intake): rejections with reasons.
            cdrs.AddRange(cdrs.Take(50));
            cdrs.AddRange(cdrs.Skip(100).Take(20).Select(c => c with { Id = c.Id + "-late", StartUtc = now.AddDays(2) }));
            using (var host = await SiloProcess.ConnectAsync(redis.Configuration, ClusterId, Partitions))
            {
                var client = host.Client();
                await ProcessLoad.PublishAsync(client, population, cdrs, Partitions);
                ClusterStats? stats = null;
                await Eventually.UntilAsync(async () =>
                {
                    stats = await client.GetGrain<IStatsGrain>(0).GetAsync();
                    return stats.CdrsApplied + stats.Rejected == cdrs.Count;
                }, () => $"{cdrs.Count} records applied or rejected in stats (now {stats?.CdrsApplied} + {stats?.Rejected})", TimeSpan.FromSeconds(60));

                var duplicates = stats!.RejectedByReason.GetValueOrDefault(CdrIntake.Duplicate);
                Assert.True(duplicates > 0 && stats.RejectedByReason.Count >= 2, string.Join(", ", stats.RejectedByReason));
                var perSilo = "";
                await Eventually.UntilAsync(async () =>
                {
                    var series = await prometheus.QueryAsync("cdr_records_applied_total or up");
                    perSilo = string.Join(", ", series.Select(s => $"{s.Labels["__name__"]}{{{s.Labels.GetValueOrDefault("instance")}}} = {s.Value}"));
                    return await prometheus.ScalarAsync("sum(cdr_records_applied_total)") == stats.CdrsApplied;
                }, () => $"Prometheus's sum(cdr_records_applied_total) = {stats.CdrsApplied}; it has {perSilo}\n" +
                    string.Join("\n", silos.Select((s, i) => $"silo on {ports[i]}:\n{s.Output}")), TimeSpan.FromSeconds(90));
                var rejected = await prometheus.QueryAsync("sum by (cdr_reason) (cdr_records_rejected_total)");
                Assert.Equal(stats.RejectedByReason.OrderBy(r => r.Key).Select(r => (r.Key, (double)r.Value)),
                    rejected.Select(r => (r.Labels["cdr_reason"], r.Value)).Where(r => r.Item2 > 0).OrderBy(r => r.Item1));
                Assert.Equal(duplicates, await prometheus.ScalarAsync("sum(cdr_records_duplicates_total)"));
                Assert.Equal(stats.DeadLettered, await prometheus.ScalarAsync("sum(cdr_dead_letters_total)"));
                // stats' stream backlog, read by the silo the client is connected to: every partition's Redis stream, drained.
                StreamBacklogReport? stream = null;
                await Eventually.UntilAsync(async () => (stream = await client.GetGrain<IStreamBacklogGrain>(0).ReadAsync())
                    is { Transport: StreamBacklogReport.Redis, Partitions.Count: Partitions, Pending: 0, NotYetRead: 0, Unavailable: null },
                    () => $"the {Partitions} partitions of the Redis stream drained (now {stream})", TimeSpan.FromSeconds(30));
            }

            // Every CDR applied once went through the lag histogram's batches; every silo has its share of the readers.
            Assert.True(await prometheus.ScalarAsync("sum(cdr_records_lag_seconds_count)") > 0);
            Assert.Equal(Partitions, await prometheus.ScalarAsync("max(cdr_stream_queues)"));
            Assert.Equal(Partitions, await prometheus.ScalarAsync("sum(orleans_streams_persistent_stream_pulling_agents{name=\"cdr\"})"));
            await Eventually.UntilAsync(async () => (await prometheus.QueryAsync("max by (cdr_partition) (cdr_stream_backlog{cdr_backlog=\"unread\"})")).Count == Partitions,
                $"a backlog series for each of the {Partitions} partitions", TimeSpan.FromSeconds(30));
            Assert.NotEmpty(await prometheus.QueryAsync("process_runtime_dotnet_gc_collections_count_total or dotnet_gc_collections_total"));
            Assert.NotEmpty(await prometheus.QueryAsync("orleans_catalog_activations"));

            // The shipped rules are loaded and evaluate; on a healthy cluster none of them fires.
            await Eventually.UntilAsync(async () =>
            {
                var rules = (await prometheus.GetAsync("/api/v1/rules")).GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
                return rules.Count == 8 && rules.All(r => r.GetProperty("health").GetString() == "ok");
            }, "the 8 shipped alert rules loaded and evaluated without error", TimeSpan.FromSeconds(30));
            var firing = (await prometheus.GetAsync("/api/v1/alerts")).GetProperty("alerts").EnumerateArray()
                .Select(a => a.GetProperty("labels").GetProperty("alertname").GetString()).ToList();
            Assert.Empty(firing);
            Assert.All(silos, s => Assert.Equal([], s.ErrorLines));
        }
        finally
        {
            prometheus?.Dispose();
            foreach (var silo in silos)
            {
                silo.Dispose();
            }
            File.Delete(keyFile);
        }
    }

    private static async Task<(int Exit, string Output)> PromtoolAsync(string directory, params string[] arguments)
    {
        using var promtool = Process.Start(new ProcessStartInfo("promtool", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = promtool.StandardOutput.ReadToEndAsync();
        var error = promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        var (stdout, stderr) = (await output, await error);
        return (promtool.ExitCode, string.Create(CultureInfo.InvariantCulture, $"promtool {string.Join(' ', arguments)}: exit {promtool.ExitCode}\n{stdout}{stderr}"));
    }
}
