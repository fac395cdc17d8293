using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>Mediation feeds repeat CDRs: a CDR whose id its subscriber applied already is dropped and counted as duplicate.</summary>
[Collection(ClusterFixture.Collection)]
public sealed class DuplicateCdrTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Given_a_feed_that_repeats_cdrs_in_one_batch_and_in_later_ones_When_published_Then_each_is_applied_once_and_the_repeats_counted()
    {
        const string caller = "+447712300888", callee = "+447712300889";
        var t = DateTime.UtcNow.AddMinutes(-20);
        var cdrs = Enumerable.Range(0, 10).Select(i => Cdrs.Voice(caller, callee, t.AddSeconds(i), 60) with { Id = $"dup-{i}" }).ToList();
        await fixture.Client.GetGrain<ISubscriberGrain>(callee).SetProfileAsync(new SubscriberProfile(
            callee, "Callee", 40, Gender.Male, "Leeds", "Northwind Mobile", Plan.Postpaid, Tier.Silver, new DateOnly(2024, 1, 1)));
        var before = await fixture.StatsAsync();

        // Every CDR twice in the first publication, and the first five once more in a later one.
        var publisher = new Generator.Publishing.CdrPublisher(fixture.Client.GetStreamProvider(Contracts.Streams.CdrStreamOptions.ProviderName), fixture.Streams);
        foreach (var cdr in cdrs.Concat(cdrs))
        {
            await publisher.PublishAsync(cdr);
        }
        await publisher.FlushAsync();
        await fixture.UntilAsync(s => s.RejectedByReason.GetValueOrDefault(CdrIntake.Duplicate) - before.RejectedByReason.GetValueOrDefault(CdrIntake.Duplicate) == 10,
            "10 duplicates counted");
        foreach (var cdr in cdrs.Take(5))
        {
            await publisher.PublishAsync(cdr);
        }
        await publisher.FlushAsync();

        await fixture.UntilAsync(s => s.RejectedByReason.GetValueOrDefault(CdrIntake.Duplicate) - before.RejectedByReason.GetValueOrDefault(CdrIntake.Duplicate) == 15,
            "15 duplicates counted");
        var callerState = await fixture.Client.GetGrain<ISubscriberGrain>(caller).GetSnapshotAsync();
        var calleeState = await fixture.Client.GetGrain<ISubscriberGrain>(callee).GetSnapshotAsync();
        Assert.Equal((10L, 600L), (callerState!.Totals.VoiceCalls, callerState.Totals.VoiceSeconds));
        Assert.Equal(10L, calleeState!.Totals.IncomingCalls);
        // A subscriber counts a batch's records as applied once it has folded them, after its duplicates: a report can fall
        // in between, so the count is awaited rather than read once.
        await fixture.UntilAsync(s => s.CdrsApplied - before.CdrsApplied == 10, "10 CDRs counted as applied, each once");
    }
}
