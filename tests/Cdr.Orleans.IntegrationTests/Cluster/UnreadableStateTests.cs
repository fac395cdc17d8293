using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Tests.Campaigns;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// One subscriber whose stored state cannot be read (damaged bytes, or a build that cannot decode them) stops nothing:
/// its CDRs become dead letters with the reason, its bytes stay as they are, the partition goes on, and a reset
/// starts it afresh.
/// </summary>
public sealed class UnreadableStateTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Given_a_subscriber_whose_stored_state_is_damaged_When_its_cdrs_come_with_others_Then_they_are_dead_letters_the_rest_applies_and_a_reset_starts_it_afresh()
    {
        const string damaged = "+447712300555";
        await using var cluster = await SingleSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Cdr:Cluster:Redis"] = redis.Configuration, ["Cdr:Engine:CheckpointInterval"] = "00:00:01", ["Cdr:Engine:StatsInterval"] = "00:00:00.2",
        }, serviceId: "unreadable-test");
        var grain = cluster.Client.GetGrain<ISubscriberGrain>(damaged);
        await grain.SetProfileAsync(CampaignScenario.Profile(damaged));
        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = connection.GetDatabase();
        var key = Infrastructure.Redis.Storage.RedisGroupCommitStorage.SubscriberKey("unreadable-test", damaged, SingleSilo.Partitions);
        Assert.True(await db.KeyExistsAsync(key), $"no stored state at {key}");
        byte[] garbage = [0xde, 0xad, 0xbe, 0xef, 0x00, 0x01];
        await db.HashSetAsync(key, "data", garbage);

        var t = DateTime.UtcNow.AddMinutes(-30);
        var others = Enumerable.Range(0, 20).Select(i => $"+4477123006{i:00}").ToList();
        var cdrs = others.Select((o, i) => Voice(o, Bob, t.AddSeconds(i), 60)).Concat(Enumerable.Range(0, 3).Select(i => Voice(damaged, Bob, t.AddSeconds(30 + i), 60))).ToList();
        var publisher = new CdrPublisher(cluster.Client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = SingleSilo.Partitions });
        foreach (var cdr in cdrs)
        {
            await publisher.PublishAsync(cdr);
        }
        await publisher.FlushAsync();

        await Eventually.UntilAsync(async () =>
        {
            var applied = await Task.WhenAll(others.Select(o => cluster.Client.GetGrain<ISubscriberGrain>(o).GetSnapshotAsync()));
            var stats = await cluster.Client.GetGrain<Contracts.Stats.IStatsGrain>(0).GetAsync();
            return applied.All(s => s?.Totals.VoiceCalls == 1) && stats.DeadLettered == 3;
        }, "the 20 other callers applied and the damaged subscriber's 3 CDRs dead letters", TimeSpan.FromSeconds(60));
        var letters = (await cluster.Client.GetGrain<Contracts.Stats.IStatsGrain>(0).GetAsync()).RecentDeadLetters!;
        Assert.Equal(3, letters.Count(l => l.Subscriber == Domain.Cdrs.Msisdn.Mask(damaged)));
        Assert.All(letters, l => Assert.Contains("cannot be read", l.Reason, StringComparison.Ordinal));
        Assert.Equal(garbage, (byte[])(await db.HashGetAsync(key, "data"))!); // left for repair
        // Durable mode's dead-letter stream has them too, for a repair to replay.
        Assert.Equal(3, await db.StreamLengthAsync("cdr:dead-letters"));

        var refused = await cluster.Client.GetGrain<ISubscriberRepairGrain>(0).ResetAsync(others[0]);
        Assert.False(refused.Reset);
        var reset = await cluster.Client.GetGrain<ISubscriberRepairGrain>(0).ResetAsync(damaged);
        Assert.True(reset.Reset, reset.Message);
        Assert.False(await db.KeyExistsAsync(key));
        await publisher.PublishAsync(Voice(damaged, Bob, t.AddSeconds(60), 60));
        await publisher.FlushAsync();
        await Eventually.UntilAsync(async () => (await grain.GetSnapshotAsync())?.Totals.VoiceCalls == 1,
            "the reset subscriber's next CDR applied", TimeSpan.FromSeconds(30));
    }
}
