using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Hosting;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Contracts.Streams.Redis;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Generator.Synthesis;
using Microsoft.Extensions.Configuration;

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
    public async Task Given_three_silos_When_one_is_killed_mid_run_Then_every_subscriber_total_equals_an_independent_fold()
    {
        const string clusterId = "kill-test";
        string[] settings = [$"--Cdr:Stream:Partitions={Partitions}", "--Cdr:RedisStreams:ClaimIdle=00:00:02"];
        using var first = SiloProcess.Start(redis.Configuration, clusterId, settings);
        using var second = SiloProcess.Start(redis.Configuration, clusterId, settings);
        using var third = SiloProcess.Start(redis.Configuration, clusterId, settings);
        await Task.WhenAll(first.WaitUntilUpAsync(TimeSpan.FromSeconds(60)), second.WaitUntilUpAsync(TimeSpan.FromSeconds(60)), third.WaitUntilUpAsync(TimeSpan.FromSeconds(60)));

        var population = Population.Create(300, seed: 31, DateOnly.FromDateTime(DateTime.UtcNow));
        var synthesizer = new CdrSynthesizer(population, 31, DateTime.UtcNow.AddDays(-4), cdrsPerSimSecond: 0.1);
        var cdrs = Enumerable.Range(0, 20_000).Select(_ => synthesizer.Next()).ToList();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cdr:Cluster:Redis"] = redis.Configuration,
            ["Cdr:Cluster:ClusterId"] = clusterId,
            ["Cdr:Stream:Partitions"] = Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        using var host = await ClusterConnection.ConnectAsync(configuration, CancellationToken.None);
        var client = host.Client();
        // Profiles first, as in production: a number is a subscriber (and counts calls it receives) from then on.
        await Generator.Running.ProfileLoader.LoadAsync(client, population.Profiles(), null, CancellationToken.None);
        var publisher = new CdrPublisher(client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = Partitions, BatchSize = 64 });

        // The first half in one go, and the kill while the silos are still working through it (entries read, not yet
        // acknowledged); then the second half, in steps, while the survivors take the dead silo's partitions over.
        foreach (var cdr in cdrs.Take(cdrs.Count / 2))
        {
            await publisher.PublishAsync(cdr);
        }
        await publisher.FlushAsync();
        second.Kill();
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

        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        StreamBacklog backlog;
        while ((backlog = await RedisStreamInspector.ReadAsync(connection.GetDatabase(), new RedisStreamOptions(), Partitions)) is { Pending: > 0 } or { NotYetRead: > 0 })
        {
            Assert.True(DateTime.UtcNow < deadline, $"not drained after 90 s: {backlog.Pending} pending, {backlog.NotYetRead} not yet read\n{first.Output}");
            await Task.Delay(250);
        }

        var expected = Fold(population, cdrs);
        foreach (var msisdn in population.Msisdns)
        {
            var snapshot = await client.GetGrain<ISubscriberGrain>(msisdn).GetSnapshotAsync();
            Assert.Equal(expected.GetValueOrDefault(msisdn)?.Totals, snapshot?.Totals);
        }
        Assert.False(second.Running);
        Assert.True(first.Running && third.Running);
        // The killed silo's partitions moved: the survivors read them (and took over what it had left unacknowledged).
        Assert.Contains("Took over", first.Output + third.Output);
    }

    /// <summary>Every subscriber's state from the CDRs alone, in order, with the engine's fold: the reference.</summary>
    private static Dictionary<string, SubscriberSnapshot> Fold(Population population, IReadOnlyList<CallDetailRecord> cdrs)
    {
        var network = new Grains.Hosting.EngineOptions().HomeNetwork();
        var states = population.Profiles().ToDictionary(p => p.Msisdn, p => new SubscriberState { Profile = p });
        foreach (var raw in cdrs)
        {
            if (CdrIntake.Accept(raw, DateTime.UtcNow, TimeSpan.FromMinutes(5), out _) is not { } cdr)
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
