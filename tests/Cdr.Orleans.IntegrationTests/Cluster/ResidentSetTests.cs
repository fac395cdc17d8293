using Cdr.Orleans.Cluster;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Grains.Stats;
using Cdr.Orleans.Tests.Campaigns;
using Microsoft.Extensions.DependencyInjection;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// The resident set is bounded: a subscriber idle for <c>Cdr:Engine:SubscriberIdle</c> leaves memory with its state in
/// Redis, and its next CDR brings it back with everything it had, counted as a cold CDR.
/// </summary>
public sealed class ResidentSetTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Given_a_short_idle_time_When_subscribers_go_quiet_Then_they_leave_memory_and_come_back_from_redis_on_their_next_cdr()
    {
        string[] numbers = [.. Enumerable.Range(0, 20).Select(i => $"+4477009{i:D5}")];
        const string abroad = "+33612345678"; // a callee off the home network: no grain of its own, so every cold CDR is one of ours
        await using var cluster = await SingleSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Cdr:Cluster:Redis"] = redis.Configuration, ["Cdr:Engine:CheckpointInterval"] = "00:00:01", ["Cdr:Engine:SubscriberIdle"] = "00:00:10",
        }, serviceId: "resident-test");
        var counters = cluster.Silos[0].ServiceProvider.GetRequiredService<EngineCounters>();
        var publisher = new CdrPublisher(cluster.Client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = SingleSilo.Partitions });
        foreach (var number in numbers)
        {
            await cluster.Client.GetGrain<ISubscriberGrain>(number).SetProfileAsync(CampaignScenario.Profile(number));
            await publisher.PublishAsync(Voice(number, abroad, DateTime.UtcNow.AddMinutes(-3), 30));
        }
        await publisher.FlushAsync();
        await Eventually.UntilAsync(async () => (await cluster.Client.GetGrain<ISubscriberGrain>(numbers[^1]).GetSnapshotAsync())?.Totals.VoiceCalls == 1,
            "the first CDRs applied", TimeSpan.FromSeconds(30));

        // Quiet: each leaves within the idle time and a collection quantum (half of it here).
        await Eventually.UntilAsync(() => Task.FromResult(counters.ResidentSubscribers == 0),
            () => $"every subscriber to leave memory ({counters.ResidentSubscribers} still resident)", TimeSpan.FromSeconds(60));
        var (activations, cold) = (counters.SubscriberActivations, counters.ColdCdrs);

        foreach (var number in numbers)
        {
            await publisher.PublishAsync(Voice(number, abroad, DateTime.UtcNow.AddMinutes(-1), 40));
        }
        await publisher.FlushAsync();
        await Eventually.UntilAsync(() => Task.FromResult(counters.ColdCdrs - cold == numbers.Length),
            () => $"each subscriber's next CDR to find it cold ({counters.ColdCdrs - cold} of {numbers.Length})", TimeSpan.FromSeconds(30));

        foreach (var number in numbers)
        {
            var totals = (await cluster.Client.GetGrain<ISubscriberGrain>(number).GetSnapshotAsync())!.Totals;
            Assert.Equal((2, 70L), (totals.VoiceCalls, totals.VoiceSeconds));
        }
        Assert.True(counters.SubscriberActivations - activations >= numbers.Length);
    }

    [Fact]
    public async Task Given_a_bulk_profile_load_When_it_ends_Then_no_loaded_subscriber_stays_resident_and_each_comes_back_with_its_profile()
    {
        await using var cluster = await SingleSilo.StartAsync(new Dictionary<string, string?> { ["Cdr:Cluster:Redis"] = redis.Configuration }, serviceId: "bulk-load-test");
        var counters = cluster.Silos[0].ServiceProvider.GetRequiredService<EngineCounters>();
        var population = Generator.Synthesis.Population.Create(200, seed: 5, DateOnly.FromDateTime(DateTime.UtcNow));

        var loaded = await ProfileLoader.LoadAsync(cluster.Client, population.Profiles(), null, CancellationToken.None);

        Assert.Equal(200, loaded);
        await Eventually.UntilAsync(() => Task.FromResult(counters.ResidentSubscribers == 0),
            () => $"every loaded subscriber to leave memory once on the roster ({counters.ResidentSubscribers} still resident)", TimeSpan.FromSeconds(60));
        foreach (var profile in population.Profiles().Take(20))
        {
            Assert.Equal(profile, (await cluster.Client.GetGrain<ISubscriberGrain>(profile.Msisdn).GetSnapshotAsync())?.Profile);
        }
    }

    [Fact]
    public async Task Given_subscribers_that_left_memory_When_a_segment_is_counted_Then_their_stored_states_are_the_roster_and_each_counts_once()
    {
        await using var cluster = await SingleSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Cdr:Cluster:Redis"] = redis.Configuration, ["Cdr:Engine:CheckpointInterval"] = "00:00:01",
            // Streams of its own: what another test left unacknowledged in the shared ones would bring its subscribers here.
            ["Cdr:RedisStreams:KeyPrefix"] = "segment-roster-test:partition:",
        }, serviceId: "segment-roster-test");
        var counters = cluster.Silos[0].ServiceProvider.GetRequiredService<EngineCounters>();
        var population = Generator.Synthesis.Population.Create(300, seed: 17, DateOnly.FromDateTime(DateTime.UtcNow));
        await ProfileLoader.LoadAsync(cluster.Client, population.Profiles(), null, CancellationToken.None);
        // Loaded subscribers leave memory as soon as their profile is stored: nothing waits for a roster to be written.
        await Eventually.UntilAsync(() => Task.FromResult(counters.ResidentSubscribers == 0),
            () => $"every loaded subscriber to leave memory ({counters.ResidentSubscribers} still resident)", TimeSpan.FromSeconds(20));
        // Ten of them resident again (a CDR each): counted once, not once resident and once stored.
        var publisher = new CdrPublisher(cluster.Client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = SingleSilo.Partitions });
        var active = population.Msisdns.Take(10).ToList();
        foreach (var number in active)
        {
            await publisher.PublishAsync(Voice(number, "+33612345678", DateTime.UtcNow.AddMinutes(-2), 30));
        }
        await publisher.FlushAsync();
        await Eventually.UntilAsync(() => Task.FromResult(counters.ResidentSubscribers >= active.Count), "the active subscribers back in memory", TimeSpan.FromSeconds(30));

        const string rule = "Age >= 40";
        var expected = population.Profiles().Where(p => p.Age >= 40).Select(p => p.Msisdn).Order(StringComparer.Ordinal).ToList();
        var segment = await cluster.Client.GetGrain<Contracts.Segments.ISegmentGrain>(0).QueryAsync(rule, sample: 1_000);

        Assert.Null(segment.Error);
        Assert.Equal(300, segment.Considered);
        Assert.Equal(expected.Count, segment.Matching);
        Assert.Equal(expected, segment.Sample);
    }
}
