using Cdr.Orleans.Cluster;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Contracts.Traffic;
using Microsoft.Extensions.Configuration;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// Stopping is part of running: a silo stopped as an operator stops it (SIGTERM) and a bench that finishes print no
/// error-level line. Embedded mode without a data directory is the hard case: its in-memory storage stops with the silo.
/// </summary>
public sealed class CleanStopTests
{
    [Fact]
    public async Task Given_an_embedded_silo_with_the_demo_load_When_it_is_stopped_with_sigterm_Then_it_exits_0_and_logs_no_error()
    {
        using var silo = SiloProcess.StartEmbedded("--demo", "--demo-rate", "2000", "--demo-subscribers", "2000", "--Cdr:Engine:DataDirectory=");
        await silo.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Cdr:Cluster:Gateways"] = silo.Gateway }).Build();
        using (var client = await ClusterConnection.ConnectAsync(configuration, CancellationToken.None))
        {
            // The traffic and statistics grains hold counts they have not stored yet: what a stop must not fail on.
            await Eventually.UntilAsync(async () =>
                (await client.Client().GetGrain<IStatsGrain>(0).GetAsync()).CdrsApplied > 0
                && (await client.Client().GetGrain<ITrafficGrain>(0).TotalsAsync(TrafficDimension.Type, 60 * 24 * 60)).Rows.Count > 0,
                "CDRs applied and counted by the traffic grain", TimeSpan.FromSeconds(60));
            await client.StopAsync();
        }

        await silo.StopAsync();

        var errors = ErrorsBeyondStopNoise(silo);
        Assert.True(errors.Count == 0, $"errors logged while stopping:\n{silo.Output}");
        Assert.Equal(0, silo.ExitCode);
    }

    [Fact]
    public async Task Given_a_short_bench_with_the_probe_When_it_finishes_Then_it_prints_its_result_and_the_share_and_no_error()
    {
        using var bench = SiloProcess.StartBench("--subscribers", "5000", "--duration", "3s", "--warmup", "1s", "--campaigns", "2", "--probe");

        await bench.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(bench.Output.Contains("CDRs applied/s (sustained)", StringComparison.Ordinal), bench.Output);
        // The probe called every subscriber of the population, its grains were counted and collected, and the share was computed.
        var probe = System.Text.RegularExpressions.Regex.Match(bench.Output, @"probe: ([\d,]+) calls/s, GC pauses [\d.]+% of the time, ([\d,]+) probe grains");
        Assert.True(probe.Success, bench.Output);
        Assert.True(int.Parse(probe.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) > 0, bench.Output);
        Assert.True(int.Parse(probe.Groups[2].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) == 5_000, bench.Output);
        Assert.Matches(@"share of the bare-Orleans probe +\d+%", bench.Output);
        var errors = ErrorsBeyondStopNoise(bench);
        Assert.True(errors.Count == 0, $"errors logged ({string.Join(", ", errors)}):\n{bench.Output}");
        Assert.Equal(0, bench.ExitCode);
    }

    [Fact]
    public async Task Given_a_durable_bench_with_frequent_checkpoints_When_it_finishes_Then_it_logs_no_error_and_no_failed_placement()
    {
        var redis = new RedisServer();
        await redis.InitializeAsync();
        try
        {
            // Checkpoints every second while tens of thousands of subscribers deactivate at the stop. At ten million
            // subscribers (a 16 s stop) the partitions' timers kept checkpointing then, and each call to a subscriber
            // already gone failed to be placed, 1,710 of them; this smaller run did not show it before the fix either,
            // so it guards the durable stop in general.
            using var bench = SiloProcess.StartBench(new Dictionary<string, string> { ["Cdr__Engine__CheckpointInterval"] = "00:00:01" },
                "--subscribers", "60000", "--duration", "5s", "--warmup", "1s", "--redis", redis.Configuration);

            await bench.WaitForExitAsync(TimeSpan.FromMinutes(4));

            Assert.True(bench.Output.Contains("CDRs applied/s (sustained)", StringComparison.Ordinal), bench.Output);
            Assert.Equal([], ErrorsBeyondStopNoise(bench));
            Assert.DoesNotContain("No active nodes are compatible", bench.Output, StringComparison.Ordinal);
            Assert.Equal(0, bench.ExitCode);
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    /// <summary>
    /// The error lines, less one Orleans logs at a stop: its memory stream's receiver and pulling agent can report a
    /// queue read the stop cut short (seen in CI under load, and at the end of a bench), about a queue that goes away
    /// with the silo anyway. Any other error fails.
    /// </summary>
    private static List<string> ErrorsBeyondStopNoise(SiloProcess process) =>
        [.. process.ErrorLines.Where(l => !l.StartsWith("fail: Orleans.Providers.MemoryAdapterReceiver", StringComparison.Ordinal)
            && !l.StartsWith("fail: Orleans.Streams.cdr[103312]", StringComparison.Ordinal))];
}
