using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Hosting;
using Cdr.Orleans.Contracts.Streams;
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
        Assert.Equal(profile, after.Profile);
        Assert.Equal(before.Windows, after.Windows);
        Assert.Equal(CampaignStatus.Active, record?.Status);
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
        }).Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = "durable-test"; // Redis keys include the service id; the test cluster makes a new one each time
        builder.ConfigureSilo((_, silo) => silo.AddCdrEngine(configuration));
        builder.ConfigureClient(client => client.AddMemoryStreams(CdrStreamOptions.ProviderName, m => m.ConfigurePartitioning(2)));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
