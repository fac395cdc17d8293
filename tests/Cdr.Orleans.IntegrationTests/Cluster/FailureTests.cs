using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Infrastructure.Hosting;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Infrastructure.Redis.Streams;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain;
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
        RunAsync("kill-test", seed: 31, async (silos, server) =>
        {
            // The silo holding the most entries read and not yet acknowledged: its death leaves work to take over.
            await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(server.Configuration);
            var held = new Dictionary<string, long>();
            foreach (var partition in Enumerable.Range(0, Partitions))
            {
                foreach (var consumer in await connection.GetDatabase().StreamConsumerInfoAsync(new RedisStreamOptions().KeyOf(partition), new RedisStreamOptions().Group))
                {
                    held[consumer.Name!] = held.GetValueOrDefault(consumer.Name!) + consumer.PendingMessageCount;
                }
            }
            var victim = silos.OrderByDescending(s => held.Where(h => h.Key.Contains($"-{s.ProcessId}-", StringComparison.Ordinal)).Sum(h => h.Value)).First();
            victim.Kill();
        }, (silos, output) =>
        {
            Assert.Equal(2, silos.Count(s => s.Running));
            // The killed silo's partitions moved: the survivors took over what it had left unacknowledged.
            Assert.Contains("Took over", output);
        });

    [Fact]
    public Task Given_three_silos_When_redis_restarts_mid_run_Then_every_subscriber_total_equals_an_independent_fold() =>
        RunAsync("redis-restart-test", seed: 37, (_, server) => server.RestartAsync(), (silos, _) =>
            Assert.True(silos.All(s => s.Running), "a silo stopped while Redis restarted"));

    [Fact]
    public async Task Given_garbage_in_a_partition_When_every_silo_is_killed_and_started_again_Then_state_campaigns_and_dead_letters_are_all_there()
    {
        const string clusterId = "stop-start-test";
        string[] settings = [$"--Cdr:Stream:Partitions={Partitions}", "--Cdr:RedisStreams:ClaimIdle=00:00:02", "--Cdr:Engine:CheckpointInterval=00:00:01", $"--Cdr:Cluster:ServiceId={clusterId}"];
        var options = new RedisStreamOptions();
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",abortConnect=false");
        var database = connection.GetDatabase();
        var garbage = await database.StreamAddAsync(options.KeyOf(3), RedisStreamAdapter.Field, "not a batch of CDRs");
        var population = Population.Create(200, seed: 41, DateOnly.FromDateTime(DateTime.UtcNow));
        var synthesizer = new CdrSynthesizer(population, 41, DateTime.UtcNow.AddDays(-4), cdrsPerSimSecond: 0.1);
        var cdrs = Enumerable.Range(0, 5_000).Select(_ => synthesizer.Next()).ToList();
        var campaign = Campaigns.ShippedCampaigns.Load("night-pack");
        var before = new Dictionary<string, SubscriberSnapshot?>();

        var silos = Enumerable.Range(0, 2).Select(_ => SiloProcess.Start(redis.Configuration, clusterId, settings)).ToArray();
        try
        {
            await Task.WhenAll(silos.Select(s => s.WaitUntilUpAsync(TimeSpan.FromSeconds(60))));
            using (var host = await ConnectAsync(clusterId))
            {
                var client = host.Client();
                Assert.True((await client.GetGrain<Contracts.Campaigns.ICampaignRegistryGrain>(0).CreateAsync(campaign, replace: false)).Ok);
                await Generator.Running.ProfileLoader.LoadAsync(client, population.Profiles(), null, CancellationToken.None);
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
                silo.Dispose(); // kill -9, every one
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

    private static Task DrainAsync(StackExchange.Redis.IDatabase database)
    {
        StreamBacklog? backlog = null;
        return Eventually.UntilAsync(
            async () => (backlog = await RedisStreamInspector.ReadAsync(database, new RedisStreamOptions(), Partitions)) is { Pending: 0, NotYetRead: 0 },
            () => $"every partition drained (still {backlog?.Pending} pending, {backlog?.NotYetRead} not yet read)", TimeSpan.FromSeconds(90));
    }

    /// <summary>
    /// Three silos, profiles, then the first half of the CDRs in one go, <paramref name="disrupt"/> while the silos work
    /// through it, the second half in steps; when every partition is drained, every subscriber's totals must equal an
    /// independent fold of the same CDRs.
    /// </summary>
    private async Task RunAsync(string clusterId, int seed, Func<SiloProcess[], RedisServer, Task> disrupt, Action<SiloProcess[], string> check)
    {
        // Its own service id: subscriber state is keyed by it, and generated numbers repeat across populations.
        string[] settings = [$"--Cdr:Stream:Partitions={Partitions}", "--Cdr:RedisStreams:ClaimIdle=00:00:02", "--Cdr:Engine:CheckpointInterval=00:00:01", $"--Cdr:Cluster:ServiceId={clusterId}"];
        var silos = Enumerable.Range(0, 3).Select(_ => SiloProcess.Start(redis.Configuration, clusterId, settings)).ToArray();
        try
        {
            await Task.WhenAll(silos.Select(s => s.WaitUntilUpAsync(TimeSpan.FromSeconds(60))));
            var population = Population.Create(300, seed, DateOnly.FromDateTime(DateTime.UtcNow));
            var synthesizer = new CdrSynthesizer(population, seed, DateTime.UtcNow.AddDays(-4), cdrsPerSimSecond: 0.1);
            var cdrs = Enumerable.Range(0, 20_000).Select(_ => synthesizer.Next()).ToList();
            using var host = await ConnectAsync(clusterId);
            var client = host.Client();
            // Profiles first, as in production: a number is a subscriber (and counts calls it receives) from then on.
            await Generator.Running.ProfileLoader.LoadAsync(client, population.Profiles(), null, CancellationToken.None);
            var publisher = new CdrPublisher(client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = Partitions, BatchSize = 64 });

            foreach (var cdr in cdrs.Take(cdrs.Count / 2))
            {
                await publisher.PublishAsync(cdr);
            }
            await publisher.FlushAsync();
            await disrupt(silos, redis);
            foreach (var (cdr, i) in cdrs.Skip(cdrs.Count / 2).Select((c, i) => (c, i)))
            {
                await publisher.PublishAsync(cdr);
                if (i % 1_000 == 999)
                {
                    await publisher.FlushAsync();
                    await Task.Delay(100);
                }
            }
            await publisher.FlushAsync();

            await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",abortConnect=false");
            await DrainAsync(connection.GetDatabase());

            var expected = Fold(population, cdrs);
            var wrong = new List<string>();
            foreach (var msisdn in population.Msisdns)
            {
                var snapshot = await client.GetGrain<ISubscriberGrain>(msisdn).GetSnapshotAsync();
                if (expected.GetValueOrDefault(msisdn)?.Totals != snapshot?.Totals)
                {
                    wrong.Add($"{msisdn}: expected {expected.GetValueOrDefault(msisdn)?.Totals}\n  actual {snapshot?.Totals}");
                }
            }
            if (wrong.Count > 0)
            {
                var dump = Path.Combine(Path.GetTempPath(), $"{clusterId}-{DateTime.UtcNow:HHmmss}.log");
                File.WriteAllText(dump, string.Join("\n", wrong) + "\n\n" + string.Join("\n=====\n", silos.Select(s => s.Output)));
                Assert.Fail($"{wrong.Count} subscribers' totals differ from the independent fold (details in {dump}); first {wrong[0]}");
            }
            var output = string.Concat(silos.Select(s => s.Output));
            Assert.DoesNotContain("without coming before it", output); // no entry reached its partition after a newer one
            check(silos, output);
        }
        finally
        {
            foreach (var silo in silos)
            {
                silo.Dispose();
            }
        }
    }

    /// <summary>Every subscriber's state from the CDRs alone, in order, with the engine's fold: the reference.</summary>
    private static Dictionary<string, SubscriberSnapshot> Fold(Population population, IReadOnlyList<CallDetailRecord> cdrs)
    {
        var network = new Grains.Hosting.EngineOptions().HomeNetwork();
        var states = population.Profiles().ToDictionary(p => p.Msisdn, p => new SubscriberState { Profile = p });
        foreach (var raw in cdrs)
        {
            if (CdrIntake.Accept(raw, DateTime.UtcNow, TimeSpan.FromMinutes(5), out _, out _) is not { } cdr)
            {
                continue; // rejected by the engine as well
            }
            SubscriberFold.ApplyOutgoing(states.TryGetValue(cdr.Caller, out var caller) ? caller : states[cdr.Caller] = new(), cdr, network);
            if (CdrIntake.ReachesCallee(cdr, network))
            {
                SubscriberFold.ApplyIncoming(states.TryGetValue(cdr.Callee, out var callee) ? callee : states[cdr.Callee] = new(), cdr);
            }
        }
        return states.Where(s => s.Value.IsKnown).ToDictionary(s => s.Key, s => SubscriberFold.Snapshot(s.Key, s.Value));
    }
}
