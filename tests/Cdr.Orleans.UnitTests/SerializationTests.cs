using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Grains.Campaigns;
using Cdr.Orleans.Domain.Campaigns;
using Cdr.Orleans.Tests.Campaigns;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests;

/// <summary>Every persisted or transmitted type survives the Orleans serializer, so a changed [Id] fails here.</summary>
public sealed class SerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value))!;

    [Fact]
    public void Given_a_storage_failure_from_redis_When_it_crosses_a_grain_call_Then_it_arrives_with_redis_error_in_its_message()
    {
        // Seen in a Redis Cluster failover: with StackExchange.Redis's exception inside, Orleans could not serialize it.
        var failure = new Infrastructure.Redis.Storage.RedisStorageUnavailableException("writing to Redis (subscribers storage) failed",
            new StackExchange.Redis.RedisConnectionException(StackExchange.Redis.ConnectionFailureType.SocketClosed, "the master went away"));

        var copy = RoundTrip<Exception>(failure);

        Assert.IsType<Infrastructure.Redis.Storage.RedisStorageUnavailableException>(copy);
        Assert.Equal("writing to Redis (subscribers storage) failed: RedisConnectionException: the master went away", copy.Message);
    }

    [Fact]
    public void Given_a_folded_subscriber_state_When_round_tripped_Then_its_snapshot_is_unchanged()
    {
        var state = new SubscriberState
        {
            Profile = new SubscriberProfile(Alice, "Alice Example", 34, Gender.Female, "London", "Northwind Mobile", Plan.Postpaid, Tier.Gold, new DateOnly(2020, 5, 1)),
        };
        SubscriberFold.ApplyOutgoing(state, Voice(Alice, Bob, T0, 75, charge: 0.08m), HomeNetwork.Default);
        SubscriberFold.ApplyOutgoing(state, Data(Alice, T0.AddHours(-2), 1234), HomeNetwork.Default);
        SubscriberFold.ApplyIncoming(state, Sms(Carol, Alice, T0.AddDays(-3)));

        var copy = RoundTrip(state);

        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(SubscriberFold.Snapshot(Alice, state)),
            System.Text.Json.JsonSerializer.Serialize(SubscriberFold.Snapshot(Alice, copy)));
        Assert.Equal(state.Windows.Hours, copy.Windows.Hours);
        Assert.Equal(state.TopCallees!.Top(32), copy.TopCallees!.Top(32));
        Assert.Equal(state.TopCallees.Ranks, copy.TopCallees.Ranks);
        Assert.Equal(state.RecentCalls!.Calls, copy.RecentCalls!.Calls);
    }

    [Fact]
    public void Given_traffic_history_and_a_silo_delta_When_round_tripped_Then_every_cell_is_there()
    {
        var tally = new Cdr.Orleans.Domain.Traffic.TrafficTally();
        tally.Add(Voice(Alice, Bob, T0, 75) with { Region = "London", CalleeCountry = "FR" }, "Northwind Mobile");
        tally.Add(Sms(Alice, Bob, T0.AddMinutes(3)), null);
        var delta = tally.Take();
        var history = new Cdr.Orleans.Domain.Traffic.TrafficHistory { RetentionMinutes = 120 };
        history.Add(delta);

        var copy = RoundTrip(history);

        Assert.Equal(delta, RoundTrip(delta));
        Assert.Equal(history.Cells, copy.Cells);
        Assert.Equal((history.LatestMinute, 120), (copy.LatestMinute, copy.RetentionMinutes));
    }

    [Fact]
    public void Given_a_roster_shard_When_round_tripped_Then_every_number_is_there()
    {
        var shard = new Cdr.Orleans.Grains.Segments.RosterShard { Members = [Alice, Bob, "+447700900999"] };

        Assert.Equal(shard.Members.Order(), RoundTrip(shard).Members.Order());
    }

    [Fact]
    public void Given_a_subscriber_with_offers_and_the_campaign_registry_When_round_tripped_Then_nothing_is_lost()
    {
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice), CampaignScenario.Shipped("friends-and-family"));
        scenario.ApplyAll(Enumerable.Range(0, 3).Select(i => Voice(Alice, Bob, T0.AddMinutes(i), 60)));
        var definition = ShippedCampaigns.Load("upgrade-heavy-talkers");
        var registry = new CampaignRegistryState
        {
            Version = 7,
            Campaigns = { [definition.Id] = new CampaignRecord(definition, CampaignStatus.Paused, 3, T0, T0.AddHours(1)) },
        };

        var offers = RoundTrip(scenario.State).Offers!;
        var registryCopy = RoundTrip(registry);
        var budget = RoundTrip(new CampaignBudgetState { Limit = 10, Taken = 4 });

        Assert.Equal(scenario.State.Offers!.Times["friends-and-family"], offers.Times["friends-and-family"]);
        var decision = Assert.Single(offers.Recent);
        Assert.Equal(scenario.Decisions.Single().Values, decision.Values);
        Assert.Equal(scenario.Decisions.Single() with { Values = decision.Values }, decision);
        Assert.Equal(7, registryCopy.Version);
        var record = registryCopy.Campaigns[definition.Id];
        Assert.Equal((CampaignStatus.Paused, 3, T0.AddHours(1)), (record.Status, record.Revision, record.ChangedUtc));
        Assert.Equal(CampaignJson.Write(definition), CampaignJson.Write(record.Definition));
        Assert.Equal((10L, 4L), (budget.Limit, budget.Taken));
    }

    [Fact]
    public void Given_stream_and_stats_messages_When_round_tripped_Then_they_are_equal()
    {
        var cdr = Voice(Alice, Bob, T0, 10);
        var batch = RoundTrip(new CdrBatch(4, [cdr], T0));
        var report = RoundTrip(new StatsReport("s1", T0, 10, new Dictionary<string, long> { ["bad-msisdn"] = 2 }, 5, new LagSample(3, 1.5, 4, 9)));

        Assert.Equal((4, cdr, T0), (batch.Partition, batch.Cdrs.Single(), batch.PublishedUtc));
        Assert.Equal(("s1", 10L, 2L, 5L, new LagSample(3, 1.5, 4, 9)), (report.Source, report.CdrsApplied, report.Rejected["bad-msisdn"], report.ResidentSubscribers!.Value, report.Lag));
    }
}
