using Cdr.Orleans.Cluster;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Streams;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Grains.Hosting;
using Cdr.Orleans.Grains.Subscribers;
using Cdr.Orleans.Infrastructure.Redis.Offers;
using Cdr.Orleans.Infrastructure.Redis.Streams;
using Cdr.Orleans.Tests.Campaigns;
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
        SubscriberSnapshot? before = null;
        await using (var first = await StartAsync())
        {
            Assert.Equal(StateWriteMode.Checkpoint, first.Silos[0].ServiceProvider.GetRequiredService<StateWritePolicy>().Mode);
            Assert.True((await first.Client.GetGrain<ICampaignRegistryGrain>(0).CreateAsync(campaign, replace: false)).Ok);
            await first.Client.GetGrain<ISubscriberGrain>(Alice).SetProfileAsync(profile);
            var publisher = new CdrPublisher(first.Client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = SingleSilo.Partitions });
            foreach (var cdr in cdrs)
            {
                await publisher.PublishAsync(cdr);
            }
            await publisher.FlushAsync();
            await Eventually.UntilAsync(
                async () => (before = await first.Client.GetGrain<ISubscriberGrain>(Alice).GetSnapshotAsync())?.Totals.VoiceCalls == cdrs.Count,
                "the CDRs to be applied", TimeSpan.FromSeconds(30));
        }

        await using var second = await StartAsync();
        var after = await second.Client.GetGrain<ISubscriberGrain>(Alice).GetSnapshotAsync();
        var record = await second.Client.GetGrain<ICampaignRegistryGrain>(0).GetAsync(campaign.Id);

        Assert.NotNull(after);
        Assert.Equal(before!.Totals, after.Totals);

        // Entries the first cluster applied but had not acknowledged when it stopped (its last checkpoint was before) are
        // claimed by the second, delivered again, recognised by position and skipped: the totals do not move.
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var options = new RedisStreamOptions();
        await Eventually.UntilAsync(
            async () => (await Task.WhenAll(Enumerable.Range(0, SingleSilo.Partitions).Select(p => connection.GetDatabase().StreamLengthAsync(options.KeyOf(p))))).Sum() == 0,
            "every entry to be acknowledged", TimeSpan.FromSeconds(30));
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
        var partition = Partitioner.PartitionOf(caller, SingleSilo.Partitions);
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var database = connection.GetDatabase();
        var garbageId = await database.StreamAddAsync(options.KeyOf(partition), RedisStreamAdapter.Field, "not a batch");
        await using var cluster = await StartAsync();
        var publisher = new CdrPublisher(cluster.Client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = SingleSilo.Partitions });
        await publisher.PublishAsync(Voice(caller, Bob, DateTime.UtcNow.AddMinutes(-1), 30));
        await publisher.FlushAsync();

        await Eventually.UntilAsync(
            async () => (await cluster.Client.GetGrain<ISubscriberGrain>(caller).GetSnapshotAsync())?.Totals.VoiceCalls == 1,
            "the good CDR to be applied", TimeSpan.FromSeconds(30));
        var dead = await database.StreamRangeAsync(options.DeadLetterKey);

        var letter = Assert.Single(dead, d => d["position"] == garbageId);
        Assert.Equal(partition, (int)letter["partition"]);
        Assert.False(string.IsNullOrEmpty(letter["reason"]));
        await Eventually.UntilAsync(async () => await database.StreamLengthAsync(options.KeyOf(partition)) == 0,
            "the applied entry to be acknowledged and deleted", TimeSpan.FromSeconds(30));
        var backlog = await RedisStreamInspector.ReadAsync(database, options, SingleSilo.Partitions);
        Assert.Equal(1, backlog.DeadLetters);
        Assert.Equal((0, 0), (backlog.Partitions[partition].Pending, backlog.Partitions[partition].Entries));
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
        var counters = cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<Grains.Stats.EngineCounters>().CdrsApplied).Sum();
        Assert.Equal(2, counters); // the two applied batches, each once; the skipped ones add nothing
    }

    [Fact]
    public async Task Given_a_subscriber_that_lost_a_batch_When_the_next_one_names_it_as_previous_Then_it_applies_nothing_and_says_so()
    {
        const string caller = "+447700555003";
        await using var cluster = await StartAsync();
        var grain = cluster.Client.GetGrain<ISubscriberGrain>(caller);
        var cdr = Voice(caller, Bob, DateTime.UtcNow.AddMinutes(-1), 30);
        var first = new SubscriberBatch(3, 1_000, [cdr], []);

        Assert.Equal(ApplyResult.Applied, await grain.ApplyAsync(first));
        // The partition gave it 1,001 as well, but the activation that applied it died unsaved.
        var third = first with { Position = 1_002, Previous = 1_001, Outgoing = [cdr with { Id = cdr.Id + "-3" }] };
        Assert.Equal(ApplyResult.Missing, await grain.ApplyAsync(third));
        Assert.False(await grain.FlushAsync(3, 1_001));

        // The partition replays 1,001 from the stream, then gives 1,002 again.
        Assert.Equal(ApplyResult.Applied, await grain.ApplyAsync(first with { Position = 1_001, Outgoing = [cdr with { Id = cdr.Id + "-2" }], Replayed = true }));
        Assert.Equal(ApplyResult.Applied, await grain.ApplyAsync(third));
        Assert.True(await grain.FlushAsync(3, 1_002));
        Assert.Equal(3, (await grain.GetSnapshotAsync())!.Totals.VoiceCalls);
        Assert.Equal(ApplyResult.NotKept, await cluster.Client.GetGrain<ISubscriberGrain>("+447700555999").ApplyAsync(
            new SubscriberBatch(3, 1_000, [], [Voice(caller, "+447700555999", DateTime.UtcNow.AddMinutes(-1), 30)])));
    }

    [Fact]
    public async Task Given_a_subscriber_whose_unsaved_state_is_lost_When_its_partition_checkpoints_Then_it_gets_the_lost_batch_again_from_the_stream()
    {
        const string caller = "+447700555004";
        var options = new RedisStreamOptions();
        var partition = Partitioner.PartitionOf(caller, SingleSilo.Partitions);
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var database = connection.GetDatabase();
        await using var cluster = await StartAsync("gap-test");
        var grain = cluster.Client.GetGrain<ISubscriberGrain>(caller);
        await grain.SetProfileAsync(CampaignScenario.Profile(caller));
        var publisher = new CdrPublisher(cluster.Client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = SingleSilo.Partitions });
        await publisher.PublishAsync(Voice(caller, Bob, DateTime.UtcNow.AddMinutes(-2), 30));
        await publisher.FlushAsync();
        await Eventually.UntilAsync(async () => await database.StreamLengthAsync(options.KeyOf(partition)) == 0,
            "the first CDR to be checkpointed (stored, then acknowledged and deleted)", TimeSpan.FromSeconds(30));

        // Another writer touched the stored state: this activation's next write fails, and it drops what it holds
        // unsaved, as a silo that dies does. The stored state has the first CDR only.
        await database.HashSetAsync(Infrastructure.Redis.Storage.RedisGroupCommitStorage.SubscriberKey("gap-test", caller, SingleSilo.Partitions), "etag", "someone-else");
        await publisher.PublishAsync(Voice(caller, Bob, DateTime.UtcNow.AddMinutes(-1), 40));
        await publisher.FlushAsync();

        // The checkpoint finds the new activation without the second CDR and gives it again from the stream.
        await Eventually.UntilAsync(async () => await database.StreamLengthAsync(options.KeyOf(partition)) == 0,
            "the second CDR to be applied again, stored and acknowledged", TimeSpan.FromSeconds(30));
        var totals = (await grain.GetSnapshotAsync())!.Totals;
        Assert.Equal(2, totals.VoiceCalls);
        Assert.Equal(70, totals.VoiceSeconds);
    }

    [Fact]
    public async Task Given_durable_mode_When_offers_are_made_and_stored_again_Then_the_redis_offer_stream_has_each_id_once()
    {
        var options = new RedisStreamOptions();
        var definition = ShippedCampaigns.Load("night-pack") with
        {
            Id = "durable-offers-test", Trigger = "Cdr.Type == \"voice\"", ControlShare = 0, Caps = new CampaignCaps { PerSubscriber = 1 },
        };
        await using var cluster = await StartAsync();
        Assert.True((await cluster.Client.GetGrain<ICampaignRegistryGrain>(0).CreateAsync(definition, replace: true)).Ok);
        var catalog = cluster.Silos[0].ServiceProvider.GetRequiredService<Grains.Campaigns.CampaignCatalog>();
        await Eventually.UntilAsync(() => catalog.Current.Campaigns.Any(c => c.Id == definition.Id), "the campaign to reach the silo", TimeSpan.FromSeconds(30));
        var callers = Enumerable.Range(0, 20).Select(i => $"+4477006{i:00000}").ToList();
        var publisher = new CdrPublisher(cluster.Client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = SingleSilo.Partitions });
        foreach (var caller in callers)
        {
            await publisher.PublishAsync(Voice(caller, Bob, DateTime.UtcNow.AddMinutes(-1), 30));
        }
        await publisher.FlushAsync();
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var database = connection.GetDatabase();
        var ours = 0;
        await Eventually.UntilAsync(
            async () => (ours = (await database.StreamRangeAsync(options.OfferStreamKey)).Count(e => e["campaign"] == definition.Id)) == callers.Count,
            () => $"all {callers.Count} offers in the Redis offer stream (so far {ours})", TimeSpan.FromSeconds(30));

        // The same decisions stored again (as after a redelivery): refused by the guard. The offer log is the composite
        // sink's second store, written after the Redis stream: it may still be short of some when the stream is full.
        var again = new List<Contracts.Campaigns.OfferDecision>();
        await Eventually.UntilAsync(async () =>
        {
            again = [.. (await cluster.Client.GetGrain<IOfferLogGrain>(0).ReadAsync(0, definition.Id, 1_000)).Offers.Select(o => o.Decision)];
            return again.Count == callers.Count;
        }, () => $"all {callers.Count} offers in the offer log (so far {again.Count})", TimeSpan.FromSeconds(30));
        await new RedisOfferSink(connection, options, TimeSpan.FromDays(3), Microsoft.Extensions.Logging.Abstractions.NullLogger<RedisOfferSink>.Instance).PublishAsync(again, CancellationToken.None);
        var after = (await database.StreamRangeAsync(options.OfferStreamKey)).Where(e => e["campaign"] == definition.Id).ToList();

        Assert.Equal(callers.Count, again.Count);
        Assert.Equal(callers.Count, after.Count);
        Assert.Equal(callers.Order(), after.Select(e => (string)e["msisdn"]!).Order());
        Assert.Equal(after.Count, after.Select(e => (string)e["id"]!).Distinct().Count());
        Assert.All(after, e => Assert.Equal("sent", (string)e["outcome"]!));
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("localhost:6379", null)]
    [InlineData("localhost:6379,password=x,ssl=false", null)]
    [InlineData(",", "has an empty item between its commas")]
    [InlineData("password=x", "names no server")]
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

    [Fact]
    public async Task Given_durable_mode_When_a_campaign_with_examples_and_a_promoted_model_restarts_Then_both_are_there_and_every_silo_scores_with_it()
    {
        const string serviceId = "propensity-durable-test";
        var campaign = ShippedCampaigns.Load("night-pack") with { Id = "learning-survives", Targeting = new PropensityTargeting { MinPropensity = 0.5 } };
        IReadOnlyList<Contracts.Models.DecidedExample> examples;
        Contracts.Models.ModelVersion trained;
        await using (var first = await StartAsync(serviceId))
        {
            Assert.True((await first.Client.GetGrain<ICampaignRegistryGrain>(0).CreateAsync(campaign, replace: false)).Ok);
            (examples, trained) = await TrainedModel.TrainAsync(first.Client, campaign.Id, seed: 3);
        }

        await using var second = await StartAsync(serviceId);
        var counts = await second.Client.GetGrain<Contracts.Models.IExampleBookGrain>(campaign.Id).GetCountsAsync();
        var history = await second.Client.GetGrain<Contracts.Models.IModelGrain>(campaign.Id).GetAsync();

        Assert.Equal((0, TrainedModel.Examples, examples.Count(TrainedModel.Accepts)), (counts.Waiting, counts.Labelled, counts.Accepted));
        Assert.Equal(trained.Version, history.Current);
        Assert.Equal(trained.Holdout, history.Versions.Single().Holdout);
        await Eventually.UntilAsync(
            () => second.Silos.All(s => s.ServiceProvider.GetRequiredService<Grains.Propensity.ModelCatalog>().VersionOf(campaign.Id) == history.Current),
            "the stored model on every silo after the restart", TimeSpan.FromSeconds(10));
    }

    private Task<InProcessTestCluster> StartAsync(string serviceId = "durable-test") => SingleSilo.StartAsync(
        new Dictionary<string, string?>
        {
            ["Cdr:Cluster:Redis"] = redis.Configuration, ["Cdr:RedisStreams:ClaimIdle"] = "00:00:01", ["Cdr:Engine:CheckpointInterval"] = "00:00:01",
        },
        serviceId: serviceId);
}
