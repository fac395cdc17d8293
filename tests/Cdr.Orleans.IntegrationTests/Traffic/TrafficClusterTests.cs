using Cdr.Orleans.Cluster;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Contracts.Traffic;
using Cdr.Orleans.Domain.Files;
using Cdr.Orleans.Domain.Rules;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Generator.Running;
using Cdr.Orleans.Generator.Synthesis;
using Cdr.Orleans.Tests.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace Cdr.Orleans.Tests.Traffic;

/// <summary>Live call volume over a cluster of its own: every aggregate equals an independent count of a replayed CDR file.</summary>
public sealed class TrafficClusterTests
{
    [Fact]
    public async Task Given_generated_cdrs_When_published_Then_every_aggregate_equals_an_independent_count()
    {
        await using var cluster = await SingleSilo.StartAsync(new Dictionary<string, string?> { ["Cdr:Engine:TrafficRetention"] = "7.00:00:00" });
        var population = Population.Create(300, seed: 23, DateOnly.FromDateTime(DateTime.UtcNow));
        await ProfileLoader.LoadAsync(cluster.Client, population.Profiles(), null, CancellationToken.None);
        var listed = BusinessDirectory.Create(23, Contracts.Callees.CalleeCategory.Travel).Entries().ToDictionary(e => e.Number, e => e.Category);
        await cluster.Client.GetGrain<Contracts.Callees.IDirectoryGrain>(0).ReplaceAsync(new Contracts.Callees.DirectorySnapshot(0, listed, "test"));
        var silo = cluster.Silos[0].ServiceProvider.GetRequiredService<Grains.Callees.NumberDirectory>();
        await Eventually.UntilAsync(() => silo.Count == listed.Count, "the directory to reach the silo", TimeSpan.FromSeconds(30));
        var synthesizer = new CdrSynthesizer(population, 23, DateTime.UtcNow.AddDays(-2), cdrsPerSimSecond: 0.05,
            BusinessDirectory.Create(23, Contracts.Callees.CalleeCategory.Travel));
        var cdrs = Enumerable.Range(0, 3_000).Select(_ => synthesizer.Next()).ToList();
        // Through a CSV file, replayed as a user would.
        var file = Path.Combine(Path.GetTempPath(), $"traffic-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(file, [CdrCsv.Header, .. cdrs.Select(CdrCsv.Format)]);
        var publisher = new CdrPublisher(cluster.Client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = SingleSilo.Partitions });
        var replayed = await new ReplayRunner(publisher).RunAsync(file, 0, null, null, CancellationToken.None);
        File.Delete(file);
        Assert.Equal(cdrs.Count, replayed.Published);
        var accepted = cdrs.Select(c => CdrIntake.Accept(c, DateTime.UtcNow, TimeSpan.FromMinutes(5), out _, out _)).OfType<CallDetailRecord>().ToList();
        var operators = population.Profiles().ToDictionary(p => p.Msisdn, p => p.Operator);
        var traffic = cluster.Client.GetGrain<ITrafficGrain>(0);
        const int week = 7 * 24 * 60;
        await Eventually.UntilAsync(
            async () => (await traffic.TotalsAsync(TrafficDimension.Type, week)).Rows.Sum(r => r.Counts.Cdrs) == accepted.Count,
            $"all {accepted.Count} accepted CDRs counted", TimeSpan.FromSeconds(30));

        Expect(accepted.GroupBy(c => c.Region), await traffic.TotalsAsync(TrafficDimension.Region, week));
        Expect(accepted.GroupBy(c => operators[c.Caller]), await traffic.TotalsAsync(TrafficDimension.Operator, week));
        Expect(accepted.GroupBy(c => c.Type.ToString().ToLowerInvariant()), await traffic.TotalsAsync(TrafficDimension.Type, week));
        Expect(accepted.Where(c => c.Type != CdrType.Data).GroupBy(c => c.CalleeCountry), await traffic.TotalsAsync(TrafficDimension.CalleeCountry, week));
        Expect(accepted.Where(c => c.Type != CdrType.Data).GroupBy(c => listed.GetValueOrDefault(c.Callee).ToString()), await traffic.TotalsAsync(TrafficDimension.Category, week));
        Assert.Equal(
            Enumerable.Range(0, 24).Select(h => IndependentTraffic.Counts(accepted.Where(c => c.StartUtc.Hour == h))),
            (await traffic.HoursAsync()).Rows.Select(r => r.Counts));

        // Travel was skewed to half of the calls to listed numbers; each subscriber's top category is an independent count's.
        var travel = (await traffic.TotalsAsync(TrafficDimension.Category, week)).Rows.Where(r => r.Value != "Private").ToList();
        Assert.Equal("Travel", travel[0].Value);
        foreach (var msisdn in population.Msisdns.Take(50))
        {
            var calls = accepted.Where(c => c.Caller == msisdn && c.Type != CdrType.Data && listed.ContainsKey(c.Callee)).GroupBy(c => listed[c.Callee])
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).FirstOrDefault()?.Key ?? Contracts.Callees.CalleeCategory.Private;
            var snapshot = await cluster.Client.GetGrain<Contracts.Subscribers.ISubscriberGrain>(msisdn).GetSnapshotAsync();
            Assert.Equal(calls.ToString(), snapshot?.Callees?.TopCategory ?? "Private");
        }

        // A segment counted in the cluster equals the same rule over an independent fold of the same CDRs.
        const string rule = "TopTag == \"Agency\" && VoiceCalls >= 2";
        var independent = IndependentStates(population, accepted, listed)
            .Where(s => SegmentRule.Matches(SegmentRule.Compile(rule, out _)!, s.Key, s.Value, new Grains.Hosting.EngineOptions().HomeNetwork(), DateTime.UtcNow))
            .Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        var segment = await cluster.Client.GetGrain<Contracts.Segments.ISegmentGrain>(0).QueryAsync(rule, sample: 1_000);
        Assert.Null(segment.Error);
        Assert.NotEmpty(independent);
        Assert.Equal(independent, segment.Sample);
        Assert.Equal(independent.Count, segment.Matching);
        var known = IndependentStates(population, accepted, listed).Count(s => s.Value.IsKnown);
        Assert.Equal(known, segment.Considered);

        // Idle subscribers whose grains were collected are counted too: the roster reaches them (once it has them all;
        // silos send it new numbers every 10 s, and until then those subscribers are resident).
        await Eventually.UntilAsync(
            async () => (await Task.WhenAll(Enumerable.Range(0, Grains.Segments.RosterGrain.Shards)
                .Select(s => cluster.Client.GetGrain<Grains.Segments.IRosterGrain>(s).MembersAsync()))).Sum(m => m.Count) == known,
            $"all {known} subscribers on the roster", TimeSpan.FromSeconds(30));
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var subscriberType = ((GrainReference)cluster.Client.GetGrain<Contracts.Subscribers.ISubscriberGrain>("+0")).GrainId.Type;
        await management.ForceActivationCollection(TimeSpan.Zero);
        await Eventually.UntilAsync(async () => (await management.GetActiveGrains(subscriberType)).Count == 0, "every subscriber grain collected", TimeSpan.FromSeconds(30));
        var afterCollection = await cluster.Client.GetGrain<Contracts.Segments.ISegmentGrain>(0).QueryAsync(rule, sample: 1_000);
        Assert.Equal(independent, afterCollection.Sample);
        Assert.Equal(known, afterCollection.Considered);
        Assert.Contains("cannot be used here", (await cluster.Client.GetGrain<Contracts.Segments.ISegmentGrain>(0).QueryAsync("Cdr.Type == \"voice\"", 5)).Error);
        Assert.Contains("Nonsense", (await cluster.Client.GetGrain<Contracts.Segments.ISegmentGrain>(0).QueryAsync("Nonsense > 1", 5)).Error);
    }

    private static Dictionary<string, SubscriberState> IndependentStates(Population population, List<CallDetailRecord> cdrs, Dictionary<string, Contracts.Callees.CalleeCategory> listed)
    {
        var network = new Grains.Hosting.EngineOptions().HomeNetwork();
        var states = population.Profiles().ToDictionary(p => p.Msisdn, p => new SubscriberState { Profile = p });
        foreach (var cdr in cdrs)
        {
            var category = cdr.Type == CdrType.Data ? Contracts.Callees.CalleeCategory.Private : listed.GetValueOrDefault(cdr.Callee);
            SubscriberFold.ApplyOutgoing(states.TryGetValue(cdr.Caller, out var caller) ? caller : states[cdr.Caller] = new(), cdr, network, category);
            if (CdrIntake.ReachesCallee(cdr, network))
            {
                SubscriberFold.ApplyIncoming(states.TryGetValue(cdr.Callee, out var callee) ? callee : states[cdr.Callee] = new(), cdr);
            }
        }
        return states;
    }

    private static void Expect(IEnumerable<IGrouping<string, CallDetailRecord>> groups, TrafficTotals totals) =>
        Assert.Equal(
            groups.Select(g => (g.Key, IndependentTraffic.Counts(g))).OrderBy(x => x.Key, StringComparer.Ordinal),
            totals.Rows.Select(r => (r.Value, r.Counts)).OrderBy(x => x.Value, StringComparer.Ordinal));
}
