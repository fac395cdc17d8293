using Cdr.Orleans.Cluster;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// State written before the keys carried Redis Cluster hash tags is not read; a silo finding it stops at once with
/// one line saying so and what to do (exit 2), and writes nothing. On a fresh Redis it records the layout it writes.
/// Layout 2 (states field by field, before the packed forms) is read and marked 3.
/// </summary>
public sealed class RedisLayoutTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Given_subscriber_state_in_the_old_layout_When_a_silo_starts_Then_it_exits_2_naming_a_key_and_writes_nothing()
    {
        const string service = "old-layout-test";
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var database = connection.GetDatabase();
        await database.HashSetAsync($"{service}/state/subscriber/+447700900001/subscriber", [new("etag", "3"), new("data", new byte[] { 1, 2, 3 })]);

        using var silo = SiloProcess.Start(redis.Configuration, service, $"--Cdr:Cluster:ServiceId={service}");
        await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, silo.ExitCode);
        Assert.Contains($"error: Redis at {redis.Configuration} holds subscriber state of service '{service}' in the key layout before Redis Cluster support " +
            $"(e.g. {service}/state/subscriber/+447700900001/subscriber), which this version does not read", silo.Output, StringComparison.Ordinal);
        Assert.False(await database.KeyExistsAsync(RedisStartupCheck.LayoutKey(service)));
        Assert.False(silo.Output.Contains("silo up", StringComparison.Ordinal), silo.Output);
    }

    [Fact]
    public async Task Given_a_layout_this_version_does_not_know_When_a_silo_starts_Then_it_exits_2_naming_both()
    {
        const string service = "future-layout-test";
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        await connection.GetDatabase().StringSetAsync(RedisStartupCheck.LayoutKey(service), "9");

        using var silo = SiloProcess.Start(redis.Configuration, service, $"--Cdr:Cluster:ServiceId={service}");
        await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, silo.ExitCode);
        Assert.Contains($"holds service '{service}' in key layout 9 ({service}/layout), which this version does not read (it reads layouts 2, 3 and {RedisStartupCheck.Layout})", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_fresh_redis_When_a_silo_starts_Then_it_records_the_layout_and_its_subscriber_keys_carry_their_partition_tag()
    {
        const string service = "new-layout-test";
        using var silo = SiloProcess.Start(redis.Configuration, service, $"--Cdr:Cluster:ServiceId={service}", "--Cdr:Engine:StateWrites=EveryBatch");
        await silo.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
        using (var host = await SiloProcess.ConnectAsync(redis.Configuration, service, 32))
        {
            var population = Generator.Synthesis.Population.Create(20, seed: 3, DateOnly.FromDateTime(DateTime.UtcNow));
            await ProfileLoader.LoadAsync(host.Client(), population.Profiles(), null, CancellationToken.None);
        }
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var server = connection.GetServers()[0];

        Assert.Equal(RedisStartupCheck.Layout, (string?)await connection.GetDatabase().StringGetAsync(RedisStartupCheck.LayoutKey(service)));
        var keys = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: $"{service}/state/*/subscriber/*"))
        {
            keys.Add(key!);
        }
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Matches($@"^{service}/state/\{{p\d+\}}/subscriber/\+\d+/subscriber$", k));
    }

    [Theory]
    [InlineData("2", "subscriber-state.before-packing.b64", 1L)] // states field by field
    [InlineData("3", "subscriber-state.packed-form-1.b64", 36L)] // windows and callees in packed form 1
    public async Task Given_an_older_layout_with_a_state_it_wrote_When_a_silo_starts_Then_it_marks_this_layout_and_reads_the_state(string layout, string file, long voiceCalls)
    {
        var service = $"layout-{layout}-test";
        const string msisdn = "+447700900001";
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var database = connection.GetDatabase();
        // The bytes a previous version stored for a subscriber with calls, one SMS and one data session of 1,234 bytes.
        var legacy = Convert.FromBase64String(File.ReadAllText(RepositoryFiles.PathOf("tests", "Cdr.Orleans.UnitTests", "Golden", file)));
        await database.StringSetAsync(RedisStartupCheck.LayoutKey(service), layout);
        await database.HashSetAsync(Infrastructure.Redis.Storage.RedisGroupCommitStorage.SubscriberKey(service, msisdn, 32), [new("etag", "1"), new("data", legacy)]);

        using var silo = SiloProcess.Start(redis.Configuration, service, $"--Cdr:Cluster:ServiceId={service}");
        await silo.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
        using var host = await SiloProcess.ConnectAsync(redis.Configuration, service, 32);
        var snapshot = await host.Client().GetGrain<Contracts.Subscribers.ISubscriberGrain>(msisdn).GetSnapshotAsync();

        Assert.Equal(RedisStartupCheck.Layout, (string?)await database.StringGetAsync(RedisStartupCheck.LayoutKey(service)));
        Assert.NotNull(snapshot);
        Assert.Equal((voiceCalls, 1L, 1L, 1_234L), (snapshot.Totals.VoiceCalls, snapshot.Totals.SmsCount, snapshot.Totals.DataSessions, snapshot.Totals.DataBytes));
        Assert.Equal("Alice Example", snapshot.Profile?.Name);
    }
}
