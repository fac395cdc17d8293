using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Hosting;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Contracts.Streams.Redis;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Grains.Hosting;
using Cdr.Orleans.Grains.Subscribers;
using Cdr.Orleans.Tests.Campaigns;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>Durable mode's storage: grain state in a real Redis, so a cluster that stops and starts again has it all.</summary>
public sealed class DurableModeTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Given_durable_mode_When_every_silo_stops_and_starts_again_Then_subscribers_and_campaigns_are_still_there()
    {
        var profile = CampaignScenario.Profile(Alice);
        var campaign = ShippedCampaigns.Load("night-pack");
        var now = DateTime.UtcNow;
        var cdrs = Enumerable.Range(0, 5).Select(i => Voice(Alice, Bob, now.AddMinutes(-30 + i), 60 + i)).ToList();
        SubscriberSnapshot? before;
        await using (var first = await StartAsync())
        {
            Assert.Equal(StateWriteMode.EveryBatch, first.Silos[0].ServiceProvider.GetRequiredService<StateWritePolicy>().Mode);
            Assert.True((await first.Client.GetGrain<ICampaignRegistryGrain>(0).CreateAsync(campaign, replace: false)).Ok);
            await first.Client.GetGrain<ISubscriberGrain>(Alice).SetProfileAsync(profile);
            var publisher = new CdrPublisher(first.Client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = 4 });
            foreach (var cdr in cdrs)
            {
                await publisher.PublishAsync(cdr);
            }
            await publisher.FlushAsync();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((before = await first.Client.GetGrain<ISubscriberGrain>(Alice).GetSnapshotAsync())?.Totals.VoiceCalls != cdrs.Count)
            {
                Assert.True(DateTime.UtcNow < deadline, "the CDRs were not applied within 30 s");
                await Task.Delay(50);
            }
        }

        await using var second = await StartAsync();
        var after = await second.Client.GetGrain<ISubscriberGrain>(Alice).GetSnapshotAsync();
        var record = await second.Client.GetGrain<ICampaignRegistryGrain>(0).GetAsync(campaign.Id);

        Assert.NotNull(after);
        Assert.Equal(before.Totals, after.Totals);

        // Entries the first cluster applied but had not acknowledged when it stopped are claimed by the second after
        // ClaimIdle (1 s here), delivered again, recognised by position and skipped: the totals do not move.
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var options = new RedisStreamOptions();
        var drained = DateTime.UtcNow.AddSeconds(30);
        while ((await Task.WhenAll(Enumerable.Range(0, 4).Select(p => connection.GetDatabase().StreamLengthAsync(options.KeyOf(p))))).Sum() > 0)
        {
            Assert.True(DateTime.UtcNow < drained, "entries were left unacknowledged for 30 s");
            await Task.Delay(100);
        }
        Assert.Equal(before.Totals, (await second.Client.GetGrain<ISubscriberGrain>(Alice).GetSnapshotAsync())!.Totals);
        Assert.Equal(profile, after.Profile);
        Assert.Equal(before.Windows, after.Windows);
        Assert.Equal(CampaignStatus.Active, record?.Status);
    }

    [Fact]
    public async Task Given_a_garbage_entry_in_a_partition_stream_When_the_silo_reads_it_Then_it_goes_to_the_dead_letters_and_the_rest_is_applied()
    {
        var options = new RedisStreamOptions();
        var caller = "+447700555001";
        var partition = Partitioner.PartitionOf(caller, 4);
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var database = connection.GetDatabase();
        var garbageId = await database.StreamAddAsync(options.KeyOf(partition), RedisStreamAdapter.Field, "not a batch");
        await using var cluster = await StartAsync();
        var publisher = new CdrPublisher(cluster.Client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = 4 });
        await publisher.PublishAsync(Voice(caller, Bob, DateTime.UtcNow.AddMinutes(-1), 30));
        await publisher.FlushAsync();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await cluster.Client.GetGrain<ISubscriberGrain>(caller).GetSnapshotAsync())?.Totals.VoiceCalls != 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "the good CDR was not applied within 30 s");
            await Task.Delay(50);
        }
        var dead = await database.StreamRangeAsync(options.DeadLetterKey);

        var letter = Assert.Single(dead, d => d["position"] == garbageId);
        Assert.Equal(partition, (int)letter["partition"]);
        Assert.False(string.IsNullOrEmpty(letter["reason"]));
        while (await database.StreamLengthAsync(options.KeyOf(partition)) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the applied entry was not acknowledged and deleted within 30 s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Given_durable_mode_When_a_batch_is_delivered_twice_Then_the_subscriber_applies_it_once()
    {
        const string caller = "+447700555002";
        await using var cluster = await StartAsync();
        var grain = cluster.Client.GetGrain<ISubscriberGrain>(caller);
        var cdr = Voice(caller, Bob, DateTime.UtcNow.AddMinutes(-1), 30);
        var batch = new SubscriberBatch(2, 1_000, [cdr], []);

        await grain.ApplyAsync(batch);
        await grain.ApplyAsync(batch); // redelivered: same partition and position
        await grain.ApplyAsync(batch with { Position = 999 }); // older
        await grain.ApplyAsync(batch with { Position = 1_001, Outgoing = [cdr with { Id = cdr.Id + "-next" }] });

        Assert.Equal(2, (await grain.GetSnapshotAsync())!.Totals.VoiceCalls);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("localhost:6379", null)]
    [InlineData("localhost:6379,password=x,ssl=false", null)]
    [InlineData(",", "names no server")]
    public void Given_a_redis_setting_When_validated_Then_a_bad_one_says_what_is_accepted(string value, string? problem)
    {
        var error = new CdrClusterOptions { Redis = value }.ValidateRedis();

        if (problem is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(problem, error);
            Assert.Contains("accepted: host:port", error);
        }
    }

    private async Task<InProcessTestCluster> StartAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cdr:Cluster:Redis"] = redis.Configuration,
            ["Cdr:Stream:Partitions"] = "4",
            ["Cdr:Stream:MemoryQueues"] = "2",
            ["Cdr:RedisStreams:ClaimIdle"] = "00:00:01",
        }).Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = "durable-test"; // Redis keys include the service id; the test cluster makes a new one each time
        builder.ConfigureSilo((_, silo) => silo.AddCdrEngine(configuration));
        builder.ConfigureClient(client => client.AddCdrStream(configuration, new CdrClusterOptions { Redis = redis.Configuration }, new CdrStreamOptions { Partitions = 4 }));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
