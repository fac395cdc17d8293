using Cdr.Orleans.Cluster;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Generator.Synthesis;
using Cdr.Orleans.Infrastructure.Redis.Streams;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// The durable-mode failure run that several tests share: silos, profiles, CDRs, a disruption while they flow, and at
/// the end every subscriber's totals against an independent fold of the same CDRs: nothing lost, nothing counted twice.
/// </summary>
internal static class ExactTotalsRun
{
    /// <summary>
    /// Silo settings for a failure run: quick take-over, and a service id of its own (generated numbers repeat across
    /// populations). Checkpoints every 5 s: entries stay read and unacknowledged that long, so a disruption right after
    /// a publish finds work under way even when the silos keep up with the publisher (at 1 s a loaded CI machine could
    /// look too late and find the first half all acknowledged).
    /// </summary>
    public static IEnumerable<string> Settings(string clusterId, int partitions) =>
        [$"--Cdr:Stream:Partitions={partitions}", "--Cdr:RedisStreams:ClaimIdle=00:00:02", "--Cdr:Engine:CheckpointInterval=00:00:05", $"--Cdr:Cluster:ServiceId={clusterId}"];

    /// <summary>Three silos on <paramref name="redis"/> with <see cref="Settings"/>, as a failure run starts them.</summary>
    public static Func<SiloProcess[]> ThreeSilos(string redis, string clusterId, int partitions)
    {
        string[] settings = [.. Settings(clusterId, partitions)];
        return () => [.. Enumerable.Range(0, 3).Select(_ => SiloProcess.Start(redis, clusterId, settings))];
    }

    /// <summary>
    /// After <see cref="KillBusiestAsync"/>: all but the killed silo still run, and the survivors took over what it had
    /// left unacknowledged (its partitions moved).
    /// </summary>
    public static void AssertOneKilledAndTakenOver(SiloProcess[] silos, string output)
    {
        Assert.Equal(silos.Length - 1, silos.Count(s => s.Running));
        Assert.Contains("Took over", output);
    }

    /// <summary>
    /// Starts the silos, loads profiles, publishes the first half of the CDRs in one go, <paramref name="disrupt"/>s while
    /// the silos work through it, publishes the second half in steps; when every partition is drained, every subscriber's
    /// totals must equal an independent fold of the same CDRs, and <paramref name="check"/> looks at the silos' output.
    /// <paramref name="prepare"/>, when given, runs after the profiles are loaded (campaigns, for example).
    /// </summary>
    public static async Task RunAsync(string redis, string clusterId, int partitions, int seed, Func<SiloProcess[]> start,
        Func<SiloProcess[], Task> disrupt, Action<SiloProcess[], string> check, Func<IClusterClient, Task>? prepare = null)
    {
        var silos = start();
        try
        {
            await Task.WhenAll(silos.Select(s => s.WaitUntilUpAsync(TimeSpan.FromSeconds(60))));
            var population = Population.Create(300, seed, DateOnly.FromDateTime(DateTime.UtcNow));
            var synthesizer = new CdrSynthesizer(population, seed, DateTime.UtcNow.AddDays(-4), cdrsPerSimSecond: 0.1);
            var cdrs = Enumerable.Range(0, 20_000).Select(_ => synthesizer.Next()).ToList();
            using var host = await SiloProcess.ConnectAsync(redis, clusterId, partitions);
            var client = host.Client();
            // Profiles first, as in production: a number is a subscriber (and counts calls it receives) from then on.
            await ProfileLoader.LoadAsync(client, population.Profiles(), null, CancellationToken.None);
            if (prepare is not null)
            {
                await prepare(client);
            }
            var publisher = new CdrPublisher(client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = partitions, BatchSize = 64 });

            foreach (var cdr in cdrs.Take(cdrs.Count / 2))
            {
                await publisher.PublishAsync(cdr);
            }
            await publisher.FlushAsync();
            await disrupt(silos);
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

            await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis + ",abortConnect=false");
            await DrainAsync(connection.GetDatabase(), partitions);

            var expected = Fold(population, cdrs);
            var wrong = new List<string>();
            foreach (var msisdn in population.Msisdns)
            {
                var snapshot = await client.GetGrain<ISubscriberGrain>(msisdn).GetSnapshotAsync();
                if (expected.GetValueOrDefault(msisdn)?.Totals != snapshot?.Totals)
                {
                    wrong.Add($"{msisdn}: expected {expected.GetValueOrDefault(msisdn)?.Totals}\n  actual {snapshot?.Totals}");
                }
            }
            if (wrong.Count > 0)
            {
                var dump = Path.Combine(Path.GetTempPath(), $"{clusterId}-{DateTime.UtcNow:HHmmss}.log");
                File.WriteAllText(dump, string.Join("\n", wrong) + "\n\n" + string.Join("\n=====\n", silos.Select(s => s.Output)));
                Assert.Fail($"{wrong.Count} subscribers' totals differ from the independent fold (details in {dump}); first {wrong[0]}");
            }
            var output = string.Concat(silos.Select(s => s.Output));
            Assert.DoesNotContain("without coming before it", output); // no entry reached its partition after a newer one
            check(silos, output);
        }
        finally
        {
            foreach (var silo in silos)
            {
                silo.Dispose();
            }
        }
    }

    /// <summary>Kills (-9) the silo holding the most entries read and not yet acknowledged: its death leaves work to take over.</summary>
    public static async Task KillBusiestAsync(string redis, SiloProcess[] silos, int partitions)
    {
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis);
        var options = new RedisStreamOptions();
        SiloProcess? victim = null;
        Contracts.Stats.StreamBacklogReport? backlog = null;
        // Until some silo holds entries read and not yet acknowledged: right after a publish (under a loaded CI machine)
        // none may have read yet, and a silo killed then leaves nothing to take over. Pulling agents can start late on a
        // loaded machine, hence the same patience as a drain.
        await Eventually.UntilAsync(async () =>
        {
            backlog = await RedisStreamInspector.ReadAsync(connection.GetDatabase(), options, partitions);
            var held = new Dictionary<string, long>();
            foreach (var partition in Enumerable.Range(0, partitions))
            {
                foreach (var consumer in await connection.GetDatabase().StreamConsumerInfoAsync(options.KeyOf(partition), options.Group))
                {
                    held[consumer.Name!] = held.GetValueOrDefault(consumer.Name!) + consumer.PendingMessageCount;
                }
            }
            long Held(SiloProcess s) => held.Where(h => h.Key.Contains($"-{s.ProcessId}-", StringComparison.Ordinal)).Sum(h => h.Value);
            victim = silos.OrderByDescending(Held).First();
            return Held(victim) > 0;
        }, () => $"a silo holding entries read and not yet acknowledged (backlog: {backlog?.Pending} pending, {backlog?.NotYetRead} not yet read)", TimeSpan.FromSeconds(90));
        victim!.Kill();
    }

    public static Task DrainAsync(StackExchange.Redis.IDatabase database, int partitions)
    {
        Contracts.Stats.StreamBacklogReport? backlog = null;
        return Eventually.UntilAsync(
            async () => (backlog = await RedisStreamInspector.ReadAsync(database, new RedisStreamOptions(), partitions)) is { Pending: 0, NotYetRead: 0 },
            () => $"every partition drained (still {backlog?.Pending} pending, {backlog?.NotYetRead} not yet read)", TimeSpan.FromSeconds(90));
    }

    /// <summary>Every subscriber's state from the CDRs alone, in order, with the engine's fold: the reference.</summary>
    public static Dictionary<string, SubscriberSnapshot> Fold(Population population, IReadOnlyList<CallDetailRecord> cdrs)
    {
        var network = new Grains.Hosting.EngineOptions().HomeNetwork();
        var states = population.Profiles().ToDictionary(p => p.Msisdn, p => new SubscriberState { Profile = p });
        foreach (var raw in cdrs)
        {
            if (CdrIntake.Accept(raw, DateTime.UtcNow, TimeSpan.FromMinutes(5), out _, out _) is not { } cdr)
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
