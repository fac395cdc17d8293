using Cdr.Orleans.Cluster;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Generator.Publishing;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>Durable mode against a Redis that asks for a password (the default user, and an ACL user), and one that speaks TLS.</summary>
public sealed class PasswordRedisTests(PasswordRedisServer redis) : IClassFixture<PasswordRedisServer>
{
    [Theory]
    [InlineData("default")]
    [InlineData("acl-user")]
    public async Task Given_a_redis_with_a_password_When_the_engine_runs_on_it_Then_cdrs_are_applied_and_stored(string who)
    {
        var configuration = who == "default" ? redis.Configuration : redis.UserConfiguration;

        var applied = await SecuredRedis.ApplyOneCdrAsync(new Dictionary<string, string?> { ["Cdr:Cluster:Redis"] = configuration }, $"+44770077{(who == "default" ? 1 : 2):0000}");

        Assert.Equal(1, applied);
    }

    [Fact]
    public async Task Given_a_wrong_password_When_a_console_connects_Then_the_error_says_so_without_the_password()
    {
        var wrong = $"127.0.0.1:{redis.Port},password=not-the-password";
        var configuration = ClusterConnection.Configuration([new("Cdr:Cluster:Redis", wrong)]);

        var error = await Assert.ThrowsAsync<ClusterUnreachableException>(() => ClusterConnection.ConnectAsync(configuration, CancellationToken.None));

        Assert.DoesNotContain("not-the-password", error.Message);
        Assert.Contains("password=****", error.Message);
    }
}

public sealed class TlsRedisTests(TlsRedisServer redis) : IClassFixture<TlsRedisServer>
{
    [Fact]
    public async Task Given_a_redis_that_speaks_tls_on_a_private_ca_When_the_engine_runs_on_it_with_that_ca_Then_cdrs_are_applied_and_stored()
    {
        var applied = await SecuredRedis.ApplyOneCdrAsync(
            new Dictionary<string, string?> { ["Cdr:Cluster:Redis"] = redis.Configuration, ["Cdr:Cluster:RedisCaFile"] = redis.CaFile }, "+447700770003");

        Assert.Equal(1, applied);
    }
}

internal static class SecuredRedis
{
    /// <summary>Starts a durable silo with <paramref name="settings"/>, applies one CDR of <paramref name="caller"/> and reads it back.</summary>
    public static async Task<long> ApplyOneCdrAsync(Dictionary<string, string?> settings, string caller)
    {
        settings["Cdr:RedisStreams:ClaimIdle"] = "00:00:01";
        await using var cluster = await SingleSilo.StartAsync(settings, serviceId: $"secured-{Guid.NewGuid():N}");
        var publisher = new CdrPublisher(cluster.Client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = SingleSilo.Partitions });
        await publisher.PublishAsync(Voice(caller, Bob, DateTime.UtcNow.AddMinutes(-1), 42));
        await publisher.FlushAsync();
        SubscriberSnapshot? snapshot = null;
        await Eventually.UntilAsync(
            async () => (snapshot = await cluster.Client.GetGrain<ISubscriberGrain>(caller).GetSnapshotAsync())?.Totals.VoiceCalls == 1,
            "the CDR applied", TimeSpan.FromSeconds(30));
        return snapshot!.Totals.VoiceCalls;
    }
}
