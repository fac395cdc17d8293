using Cdr.Orleans.Cluster;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Infrastructure.Redis.Streams;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Generator.Synthesis;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// Durable mode against real failures: silo processes on a real redis-server, killed with -9 in the middle of a run.
/// When the stream is drained, every subscriber's totals equal an independent fold of the same CDRs: nothing lost,
/// nothing counted twice.
/// </summary>
public sealed class FailureTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int Partitions = 8;

    [Fact]
    public Task Given_three_silos_When_one_is_killed_mid_run_Then_every_subscriber_total_equals_an_independent_fold() =>
        RunAsync("kill-test", seed: 31, silos => ExactTotalsRun.KillBusiestAsync(redis.Configuration, silos, Partitions), ExactTotalsRun.AssertOneKilledAndTakenOver);

    [Fact]
    public Task Given_three_silos_When_redis_restarts_mid_run_Then_every_subscriber_total_equals_an_independent_fold() =>
        RunAsync("redis-restart-test", seed: 37, _ => redis.RestartAsync(), (silos, _) =>
            Assert.True(silos.All(s => s.Running), "a silo stopped while Redis restarted"));

    [Fact]
    public async Task Given_garbage_in_a_partition_When_every_silo_is_killed_and_started_again_Then_state_campaigns_and_dead_letters_are_all_there()
    {
        const string clusterId = "stop-start-test";
        string[] settings = [.. ExactTotalsRun.Settings(clusterId, Partitions)];
        var options = new RedisStreamOptions();
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",abortConnect=false");
        var database = connection.GetDatabase();
        var garbage = await database.StreamAddAsync(options.KeyOf(3), RedisStreamAdapter.Field, "not a batch of CDRs");
        var population = Population.Create(200, seed: 41, DateOnly.FromDateTime(DateTime.UtcNow));
        var synthesizer = new CdrSynthesizer(population, 41, DateTime.UtcNow.AddDays(-4), cdrsPerSimSecond: 0.1);
        var cdrs = Enumerable.Range(0, 5_000).Select(_ => synthesizer.Next()).ToList();
        var campaign = Campaigns.ShippedCampaigns.Load("night-pack");
        var before = new Dictionary<string, SubscriberSnapshot?>();

        // One silo after the other, as an operator adds them: two started at the same moment can, while they learn of
        // each other, both activate a subscriber for a moment, and the live snapshot read below could come from the one
        // that storage then refused.
        var silos = new SiloProcess[2];
        try
        {
            for (var i = 0; i < silos.Length; i++)
            {
                silos[i] = SiloProcess.Start(redis.Configuration, clusterId, settings);
                await silos[i].WaitUntilUpAsync(TimeSpan.FromSeconds(60));
            }
            using (var host = await ConnectAsync(clusterId))
            {
                var client = host.Client();
                Assert.True((await client.GetGrain<Contracts.Campaigns.ICampaignRegistryGrain>(0).CreateAsync(campaign, replace: false)).Ok);
                await ProfileLoader.LoadAsync(client, population.Profiles(), null, CancellationToken.None);
                var publisher = new CdrPublisher(client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = Partitions, BatchSize = 64 });
                foreach (var cdr in cdrs)
                {
                    await publisher.PublishAsync(cdr);
                }
                await publisher.FlushAsync();
                await DrainAsync(database);
                foreach (var msisdn in population.Msisdns)
                {
                    before[msisdn] = await client.GetGrain<ISubscriberGrain>(msisdn).GetSnapshotAsync();
                }
            }
        }
        finally
        {
            foreach (var silo in silos)
            {
                silo?.Dispose(); // kill -9, every one
            }
        }

        var firstRun = string.Join("\n=====\n", silos.Select(s => s.Output));
        silos = Enumerable.Range(0, 2).Select(_ => SiloProcess.Start(redis.Configuration, clusterId, settings)).ToArray();
        try
        {
            await Task.WhenAll(silos.Select(s => s.WaitUntilUpAsync(TimeSpan.FromSeconds(60))));
            using var host = await ConnectAsync(clusterId);
            var client = host.Client();
            var record = await client.GetGrain<Contracts.Campaigns.ICampaignRegistryGrain>(0).GetAsync(campaign.Id);
            var expected = Fold(population, cdrs);

            Assert.Equal(Contracts.Campaigns.CampaignStatus.Active, record?.Status);
            var wrong = new List<string>();
            foreach (var msisdn in population.Msisdns)
            {
                var after = await client.GetGrain<ISubscriberGrain>(msisdn).GetSnapshotAsync();
                if (before[msisdn]?.Totals != after?.Totals || expected.GetValueOrDefault(msisdn)?.Totals != after?.Totals)
                {
                    wrong.Add($"{msisdn}: expected {expected.GetValueOrDefault(msisdn)?.Totals}\n  before {before[msisdn]?.Totals}\n  after {after?.Totals}");
                }
            }
            if (wrong.Count > 0)
            {
                var dump = Path.Combine(Path.GetTempPath(), $"{clusterId}-{DateTime.UtcNow:HHmmss}.log");
                File.WriteAllText(dump, string.Join("\n", wrong) + "\n\n" + firstRun + "\n=====SECOND RUN=====\n" + string.Join("\n=====\n", silos.Select(s => s.Output)));
                Assert.Fail($"{wrong.Count} subscribers' totals differ (details in {dump}); first {wrong[0]}");
            }
            var dead = await database.StreamRangeAsync(options.DeadLetterKey);
            Assert.Contains(dead, d => d["position"] == garbage && (int)d["partition"] == 3);
        }
        finally
        {
            foreach (var silo in silos)
            {
                silo.Dispose();
            }
        }
    }

    private Task<Microsoft.Extensions.Hosting.IHost> ConnectAsync(string clusterId) => SiloProcess.ConnectAsync(redis.Configuration, clusterId, Partitions);

    private static Task DrainAsync(StackExchange.Redis.IDatabase database) => ExactTotalsRun.DrainAsync(database, Partitions);

    private static Dictionary<string, SubscriberSnapshot> Fold(Population population, IReadOnlyList<CallDetailRecord> cdrs) => ExactTotalsRun.Fold(population, cdrs);

    private Task RunAsync(string clusterId, int seed, Func<SiloProcess[], Task> disrupt, Action<SiloProcess[], string> check) =>
        ExactTotalsRun.RunAsync(redis.Configuration, clusterId, Partitions, seed, ExactTotalsRun.ThreeSilos(redis.Configuration, clusterId, Partitions), disrupt, check);
}
