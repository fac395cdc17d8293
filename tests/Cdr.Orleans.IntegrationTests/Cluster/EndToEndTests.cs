using Cdr.Orleans.Cluster;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Streams;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Generator.Synthesis;

namespace Cdr.Orleans.Tests.Cluster;

[Collection(ClusterFixture.Collection)]
public sealed class EndToEndTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Given_generated_cdrs_When_published_through_the_partitioned_stream_Then_every_subscriber_total_equals_an_independent_sum()
    {
        const int subscribers = 400;
        const int count = 4_000;
        var population = Population.Create(subscribers, seed: 11, DateOnly.FromDateTime(DateTime.UtcNow));
        await ProfileLoader.LoadAsync(fixture.Client, population.Profiles(), null, CancellationToken.None);
        var synthesizer = new CdrSynthesizer(population, 11, DateTime.UtcNow.AddDays(-2), cdrsPerSimSecond: 0.05);
        var cdrs = Enumerable.Range(0, count).Select(_ => synthesizer.Next()).ToList();
        var before = (await fixture.StatsAsync()).CdrsApplied;

        var publisher = new CdrPublisher(fixture.Client.GetStreamProvider(CdrStreamOptions.ProviderName), fixture.Streams);
        foreach (var cdr in cdrs)
        {
            await publisher.PublishAsync(cdr);
        }
        await publisher.FlushAsync();
        await fixture.UntilAsync(s => s.CdrsApplied >= before + count, $"{count} CDRs applied");

        Assert.Equal(count, publisher.Published);
        foreach (var msisdn in population.Msisdns)
        {
            var outgoing = cdrs.Where(c => c.Caller == msisdn).ToList();
            var incoming = cdrs.Where(c => c.Callee == msisdn && c.Caller != msisdn && c.CalleeCountry == "GB").ToList();
            var expected = new SubscriberTotals(
                VoiceCalls: outgoing.Count(c => c.Type == CdrType.Voice),
                VoiceSeconds: outgoing.Where(c => c.Type == CdrType.Voice).Sum(c => (long)c.DurationSeconds),
                SmsCount: outgoing.Count(c => c.Type == CdrType.Sms),
                DataSessions: outgoing.Count(c => c.Type == CdrType.Data),
                DataBytes: outgoing.Sum(c => c.DataBytes),
                Spend: outgoing.Sum(c => c.Charge),
                Answered: outgoing.Count(c => c.Result == CallResult.Answered),
                Busy: outgoing.Count(c => c.Result == CallResult.Busy),
                NoAnswer: outgoing.Count(c => c.Result == CallResult.NoAnswer),
                Dropped: outgoing.Count(c => c.Result == CallResult.Dropped),
                International: outgoing.Count(c => c.Type != CdrType.Data && c.CalleeCountry != "GB"),
                Roaming: outgoing.Count(c => c.Roaming),
                IncomingCalls: incoming.Count(c => c.Type == CdrType.Voice),
                IncomingSeconds: incoming.Where(c => c.Type == CdrType.Voice).Sum(c => (long)c.DurationSeconds),
                IncomingSms: incoming.Count(c => c.Type == CdrType.Sms));

            var snapshot = await fixture.Client.GetGrain<ISubscriberGrain>(msisdn).GetSnapshotAsync();

            Assert.NotNull(snapshot);
            Assert.Equal(expected, snapshot.Totals);
            Assert.Equal(msisdn, snapshot.Profile!.Msisdn);
            // Exact up to the summary's capacity, then the HyperLogLog estimate: within 3 standard errors (6.5% each).
            var distinct = outgoing.Where(c => c.Type != CdrType.Data).Select(c => c.Callee).Distinct().Count();
            if (distinct <= CalleeSummary.Capacity)
            {
                Assert.Equal(distinct, snapshot.DistinctCallees);
            }
            else
            {
                Assert.InRange(snapshot.DistinctCallees, distinct * 0.8, distinct * 1.2);
            }
        }
    }

    [Fact]
    public async Task Given_a_batch_with_bad_cdrs_When_published_Then_they_are_rejected_with_reasons_and_the_rest_is_applied()
    {
        const string caller = "+447799000001";
        const string callee = "+447799000002";
        var now = DateTime.UtcNow;
        var good = Enumerable.Range(0, 3).Select(i => Cdrs.Voice(caller, callee, now.AddMinutes(-10 + i), 30)).ToList();
        var future = Cdrs.Voice(caller, callee, now.AddHours(2), 30);
        var badCaller = Cdrs.Voice("12345", callee, now.AddMinutes(-1), 30);
        var oddCallee = Cdrs.Voice(caller, "12345", now.AddMinutes(-1), 30); // kept: its caller's activity
        var negative = Cdrs.Voice(caller, callee, now.AddMinutes(-1), 30) with { DurationSeconds = -5 };
        var before = await fixture.StatsAsync();
        var stream = fixture.Client.GetStreamProvider(CdrStreamOptions.ProviderName)
            .GetStream<CdrBatch>(StreamId.Create(CdrStreamOptions.Namespace, CdrPublisher.PartitionKey(Partitioner.PartitionOf(caller, 16))));

        await stream.OnNextAsync(new CdrBatch(Partitioner.PartitionOf(caller, 16), [good[0], future, good[1], badCaller, oddCallee, negative, good[2]], now));

        await fixture.UntilAsync(s => s.Rejected >= before.Rejected + 3 && s.CdrsApplied >= before.CdrsApplied + 4, "3 rejected and 4 applied");
        var after = await fixture.StatsAsync();
        Assert.Equal(1, after.RejectedByReason["future-time"] - before.RejectedByReason.GetValueOrDefault("future-time"));
        Assert.Equal(1, after.RejectedByReason["bad-msisdn"] - before.RejectedByReason.GetValueOrDefault("bad-msisdn"));
        Assert.Equal(1, after.RejectedByReason["bad-duration"] - before.RejectedByReason.GetValueOrDefault("bad-duration"));
        Assert.Equal(1, after.Notes![CdrIntake.CalleeNotANumber] - before.Notes!.GetValueOrDefault(CdrIntake.CalleeNotANumber));
        var snapshot = await fixture.Client.GetGrain<ISubscriberGrain>(caller).GetSnapshotAsync();
        Assert.Equal((4, 120L), (snapshot!.Totals.VoiceCalls, snapshot.Totals.VoiceSeconds));
    }

    [Fact]
    public async Task Given_calls_to_a_number_that_is_not_a_subscriber_When_applied_Then_it_has_no_state()
    {
        const string caller = "+447799100001";
        const string stranger = "+447799100099";
        var before = (await fixture.StatsAsync()).CdrsApplied;
        var partition = Partitioner.PartitionOf(caller, 16);
        var stream = fixture.Client.GetStreamProvider(CdrStreamOptions.ProviderName)
            .GetStream<CdrBatch>(StreamId.Create(CdrStreamOptions.Namespace, CdrPublisher.PartitionKey(partition)));

        await stream.OnNextAsync(new CdrBatch(partition, [Cdrs.Voice(caller, stranger, DateTime.UtcNow.AddMinutes(-1), 45)], DateTime.UtcNow));
        await fixture.UntilAsync(s => s.CdrsApplied >= before + 1, "1 CDR applied");

        Assert.Null(await fixture.Client.GetGrain<ISubscriberGrain>(stranger).GetSnapshotAsync());
        Assert.Equal(1, (await fixture.Client.GetGrain<ISubscriberGrain>(caller).GetSnapshotAsync())!.Totals.VoiceCalls);
    }

    [Fact]
    public async Task Given_a_subscriber_with_activity_When_its_grain_is_deactivated_Then_the_next_activation_has_the_same_state()
    {
        const string caller = "+447799200001";
        const string callee = "+447799200002";
        var now = DateTime.UtcNow;
        var before = (await fixture.StatsAsync()).CdrsApplied;
        var partition = Partitioner.PartitionOf(caller, 16);
        var stream = fixture.Client.GetStreamProvider(CdrStreamOptions.ProviderName)
            .GetStream<CdrBatch>(StreamId.Create(CdrStreamOptions.Namespace, CdrPublisher.PartitionKey(partition)));
        await stream.OnNextAsync(new CdrBatch(partition, [Cdrs.Voice(caller, callee, now.AddMinutes(-3), 70), Cdrs.Voice(caller, callee, now.AddMinutes(-2), 50)], now));
        await fixture.UntilAsync(s => s.CdrsApplied >= before + 2, "2 CDRs applied");
        var grain = fixture.Client.GetGrain<ISubscriberGrain>(caller);
        var live = await grain.GetSnapshotAsync();
        var management = fixture.Client.GetGrain<IManagementGrain>(0);

        await management.DeactivateGrain(grain.GetGrainId());

        Assert.DoesNotContain(grain.GetGrainId(), await management.GetActiveGrains(grain.GetGrainId().Type));
        var reloaded = await grain.GetSnapshotAsync();
        Assert.Equal((2, 120L), (reloaded!.Totals.VoiceCalls, reloaded.Totals.VoiceSeconds));
        Assert.Equal(live!.Totals, reloaded.Totals);
        Assert.Equal(live.Windows, reloaded.Windows);
    }
}
