using System.Diagnostics;
using Cdr.Orleans.Infrastructure.Redis.Storage;
using Cdr.Orleans.Infrastructure.Redis.Streams;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// Durable mode on a real Redis Cluster (<see cref="RedisClusterServers"/>: three masters, a replica each). Before the
/// keys carried hash tags, the first state write, stream read or offer failed with CROSSSLOT; now a silo killed, or a
/// master killed and its replica promoted, while CDRs flow, leaves every subscriber's totals exact.
/// </summary>
[Collection(KillRuns.Collection)]
public sealed class RedisClusterTests(RedisClusterServers redis) : IClassFixture<RedisClusterServers>
{
    private const int Partitions = 8;

    [Fact]
    public Task Given_three_silos_on_a_redis_cluster_When_one_is_killed_mid_run_Then_every_total_is_exact_and_offers_are_in_their_stream() =>
        RunAsync("cluster-kill-test", seed: 47, silos => ExactTotalsRun.KillBusiestAsync(redis.Configuration, silos, Partitions), (silos, output) =>
        {
            ExactTotalsRun.AssertOneKilledAndTakenOver(silos, output);
            // The campaign's offers went through the sink's script (a guard key and the stream, one slot).
            using var connection = StackExchange.Redis.ConnectionMultiplexer.Connect(redis.Configuration);
            Assert.True(connection.GetDatabase().StreamLength(new RedisStreamOptions().OfferStreamKey) > 0, "no offer reached the offer stream");
        }, offers: true);

    [Fact]
    public Task Given_cdrs_flowing_When_the_master_of_a_partition_is_killed_and_its_replica_promoted_Then_every_total_is_exact() =>
        RunAsync("cluster-failover-test", seed: 53, _ => redis.KillMasterAsync(new RedisStreamOptions().KeyOf(0)), (silos, _) =>
        {
            Assert.True(silos.All(s => s.Running), "a silo stopped while a Redis master failed over");
            // Writes counted as done only once their master's replica had them (WAIT), so a failover cannot take them.
            Assert.True(redis.CommandCallsAsync("wait").GetAwaiter().GetResult() > 0, "no write waited for its replica");
        });

    [Fact]
    public async Task Given_subscriber_states_on_every_master_When_the_roster_is_read_Then_it_lists_each_subscriber_and_nothing_else()
    {
        const string service = "roster-scan-test";
        using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var database = connection.GetDatabase();
        string[] numbers = [.. Enumerable.Range(0, 600).Select(i => $"+4477009{i:D5}")];
        await Task.WhenAll(numbers.Select(n => database.HashSetAsync(RedisGroupCommitStorage.SubscriberKey(service, n, Partitions), "etag", "1")));
        // Not subscribers of this service: another service's state, and one of this service's engine grains.
        await database.HashSetAsync(RedisGroupCommitStorage.SubscriberKey("other-service", "+447700999999", Partitions), "etag", "1");
        await database.HashSetAsync($"{service}/state/roster/0/roster", "etag", "1");
        var masters = connection.GetServers().Where(s => !s.IsReplica && s.IsConnected).ToList();
        Assert.True(masters.Count(m => m.DatabaseSize() > 0) >= 3, "the states did not spread over the three masters");

        var listed = new List<string>();
        await foreach (var page in new RedisSubscriberRoster(service, connection).ReadAsync())
        {
            Assert.InRange(page.Count, 1, RedisSubscriberRoster.PageSize);
            listed.AddRange(page);
        }

        Assert.Equal(numbers.Order(StringComparer.Ordinal), listed.Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Given_states_on_every_master_When_hundreds_are_read_at_once_Then_each_read_gets_its_own_state_and_a_missing_one_none()
    {
        const string service = "grouped-read-test";
        using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var storage = new RedisGroupCommitStorage("subscribers", service, Partitions, connection, serializer,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<RedisGroupCommitStorage>.Instance);
        static GrainId IdOf(int i) => GrainId.Create("subscriber", $"+4477009{i:D5}");
        // Written twice, so each stored version is 2; every third number is never written.
        var stored = Enumerable.Range(0, 900).Where(i => i % 3 != 0).ToList();
        foreach (var round in new[] { "first", "second" })
        {
            await Task.WhenAll(stored.Select(async i =>
            {
                var state = new GrainState<string>($"{round} state of {i}") { ETag = round == "first" ? null : "1" };
                await storage.WriteStateAsync("subscriber", IdOf(i), state);
            }));
        }

        // All at once: they wait together and go as script calls over many keys, split by slot on the cluster.
        var scriptsBefore = await ScriptCallsAsync();
        var reads = await Task.WhenAll(Enumerable.Range(0, 900).Select(async i =>
        {
            var state = new GrainState<string>("unread");
            await storage.ReadStateAsync("subscriber", IdOf(i), state);
            return (Index: i, State: state);
        }));

        Assert.All(reads, read =>
        {
            if (read.Index % 3 == 0)
            {
                Assert.False(read.State.RecordExists);
                Assert.Null(read.State.ETag);
                Assert.Equal("unread", read.State.State);
            }
            else
            {
                Assert.True(read.State.RecordExists);
                Assert.Equal("2", read.State.ETag);
                Assert.Equal($"second state of {read.Index}", read.State.State);
            }
        });
        Assert.True(await ScriptCallsAsync() > scriptsBefore, "no read went as a script over many keys");
    }

    private async Task<long> ScriptCallsAsync() => await redis.CommandCallsAsync("evalsha") + await redis.CommandCallsAsync("eval");

    [Fact]
    public async Task Given_a_cluster_node_and_a_standalone_server_When_a_silo_is_given_both_Then_it_exits_2_naming_each()
    {
        var standalone = new RedisServer();
        await standalone.InitializeAsync();
        try
        {
            var node = $"127.0.0.1:{redis.Ports[0]}";
            using var silo = SiloProcess.Start($"{node},{standalone.Configuration}", "mixed-test");
            await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(2, silo.ExitCode);
            Assert.Contains($"error: Cdr:Cluster:Redis names Redis Cluster nodes ({node}) and servers outside a cluster ({standalone.Configuration})", silo.Output, StringComparison.Ordinal);
        }
        finally
        {
            await standalone.DisposeAsync();
        }
    }

    [Fact]
    public async Task Given_a_cluster_whose_slots_are_not_all_served_When_a_silo_starts_on_it_Then_it_exits_2_saying_how_many_are()
    {
        // A node in cluster mode that was never given slots: a cluster that serves none of them.
        var port = int.Parse(SiloProcess.FreePort(), System.Globalization.CultureInfo.InvariantCulture);
        var directory = Directory.CreateTempSubdirectory("cdr-redis-lone-");
        using var lone = Process.Start(new ProcessStartInfo("redis-server",
            ["--port", $"{port}", "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--save", "", "--dir", directory.FullName])
        {
            RedirectStandardOutput = true,
        })!;
        try
        {
            await Eventually.UntilAsync(async () => (await RedisClusterServers.CliAsync(["-p", $"{port}", "ping"])).Contains("PONG", StringComparison.Ordinal),
                "the lone cluster node answers", TimeSpan.FromSeconds(10));
            using var silo = SiloProcess.Start($"127.0.0.1:{port}", "slots-test");
            await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(2, silo.ExitCode);
            Assert.Contains("serves 0 of its 16,384 slots (cluster_state:fail)", silo.Output, StringComparison.Ordinal);
        }
        finally
        {
            lone.Kill();
            await lone.WaitForExitAsync();
            directory.Delete(recursive: true);
        }
    }

    private async Task RunAsync(string clusterId, int seed, Func<SiloProcess[], Task> disrupt, Action<SiloProcess[], string> check, bool offers = false)
    {
        await redis.FlushAsync(); // what an earlier test left in the streams (it failed mid-run, say) is not this run's
        var campaign = Campaigns.ShippedCampaigns.Load("night-pack");
        await ExactTotalsRun.RunAsync(redis.Configuration, clusterId, Partitions, seed, ExactTotalsRun.ThreeSilos(redis.Configuration, clusterId, Partitions),
            disrupt,
            (silos, output) =>
            {
                Assert.DoesNotContain("CROSSSLOT", output, StringComparison.Ordinal);
                check(silos, output);
            },
            offers ? async client => Assert.True((await client.GetGrain<Contracts.Campaigns.ICampaignRegistryGrain>(0).CreateAsync(campaign, replace: false)).Ok) : null);
    }
}
