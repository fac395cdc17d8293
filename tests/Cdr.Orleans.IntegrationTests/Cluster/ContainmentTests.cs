using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Cdrs;
using Cdr.Orleans.Grains.Campaigns;
using Cdr.Orleans.Tests.Campaigns;
using Microsoft.Extensions.DependencyInjection;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>No single CDR or campaign stops a partition: a poison CDR is set aside, a poison campaign quarantined.</summary>
[Collection(ClusterFixture.Collection)]
public sealed class ContainmentTests(ClusterFixture fixture)
{
    private ICampaignRegistryGrain Registry => fixture.Client.GetGrain<ICampaignRegistryGrain>(0);

    [Fact]
    public async Task Given_a_cdr_the_totals_cannot_hold_in_the_middle_of_a_batch_When_applied_Then_it_is_a_dead_letter_and_the_rest_applied_once()
    {
        // The validator keeps such charges off the stream; a direct caller (or state from an older version) is what is
        // left, and the grain must contain it all the same.
        const string subscriber = "+447712300001";
        var t = DateTime.UtcNow.AddMinutes(-10);
        var first = Cdrs.Voice(subscriber, Cdrs.Bob, t, 60, charge: decimal.MaxValue - 1);
        var poison = Cdrs.Voice(subscriber, Cdrs.Bob, t.AddSeconds(10), 60, charge: 2m);
        var rest = Enumerable.Range(1, 5).Select(i => Cdrs.Sms(subscriber, Cdrs.Carol, t.AddSeconds(10 + i), charge: 0m)).ToList();
        var grain = fixture.Client.GetGrain<ISubscriberGrain>(subscriber);

        var result = await grain.ApplyAsync(new SubscriberBatch(3, 0, [first, poison, .. rest], []));
        var snapshot = await grain.GetSnapshotAsync();

        Assert.Equal(ApplyResult.Applied, result);
        Assert.Equal((1L, 5L, 6L), (snapshot!.Totals.VoiceCalls, snapshot.Totals.SmsCount, snapshot.CdrsApplied));
        await fixture.UntilAsync(s => s.RecentDeadLetters?.Any(d => d.CdrId == poison.Id) == true, "the poison CDR among the dead letters");
        var letter = (await fixture.StatsAsync()).RecentDeadLetters!.Single(d => d.CdrId == poison.Id);
        Assert.Equal((3, Msisdn.Mask(subscriber)), (letter.Partition, letter.Subscriber)); // stats are read by people: masked
        Assert.StartsWith("OverflowException: ", letter.Reason);
    }

    [Fact]
    public async Task Given_one_on_net_number_that_is_no_subscriber_When_hundreds_of_callers_ring_it_at_once_Then_each_call_is_applied_once()
    {
        // Every partition routes the received calls to that number's grain, which keeps nothing and goes away; calls
        // queued to it meanwhile must not fail their batches (a batch delivered again would fold its callers' calls twice).
        const string hot = "+447799999999";
        var t = DateTime.UtcNow.AddMinutes(-10);
        var callers = Enumerable.Range(0, 400).Select(i => $"+4477555{i:00000}").ToList();
        await fixture.PublishAndWaitAsync([.. callers.Select(caller => Cdrs.Voice(caller, hot, t, 60))]);

        foreach (var caller in callers)
        {
            var snapshot = await fixture.Client.GetGrain<ISubscriberGrain>(caller).GetSnapshotAsync();
            Assert.Equal(1, snapshot?.Totals.VoiceCalls);
        }
        Assert.Null(await fixture.Client.GetGrain<ISubscriberGrain>(hot).GetSnapshotAsync());
    }

    [Fact]
    public async Task Given_a_campaign_whose_rule_always_throws_When_cdrs_flow_Then_it_is_quarantined_with_its_reason_and_the_others_keep_sending()
    {
        var poison = ShippedCampaigns.Load("night-pack") with
        {
            Id = "poison-rule-test", Priority = 100, Eligibility = new(), ControlShare = 0,
            Trigger = "1 / (Cdr.DurationSeconds - Cdr.DurationSeconds) > 0",
        };
        var healthy = ShippedCampaigns.Load("night-pack") with
        {
            Id = "healthy-next-to-poison-test", Priority = 1, Eligibility = new(), ControlShare = 0, Trigger = "Cdr.Type == \"voice\"",
        };
        Assert.True((await Registry.CreateAsync(poison, replace: false)).Ok);
        Assert.True((await Registry.CreateAsync(healthy, replace: false)).Ok);
        await Eventually.UntilAsync(
            () => fixture.Cluster.Silos.All(s => s.ServiceProvider.GetRequiredService<CampaignCatalog>().Current.Campaigns.Count(c => c.Id == poison.Id || c.Id == healthy.Id) == 2),
            "both campaigns on every silo", TimeSpan.FromSeconds(10));
        var now = DateTime.UtcNow;
        var cdrs = Enumerable.Range(0, 600).Select(i => Cdrs.Voice($"+4477124{i:00000}", Cdrs.Bob, now.AddMinutes(-5), 60)).ToList();

        try
        {
            await fixture.PublishAndWaitAsync(cdrs, "every CDR applied, the poison campaign notwithstanding");

            await Eventually.UntilAsync(async () => (await Registry.GetAsync(poison.Id))?.Status == CampaignStatus.Quarantined,
                "the poison campaign quarantined in the registry", TimeSpan.FromSeconds(10));
            var record = await Registry.GetAsync(poison.Id);
            Assert.StartsWith($"its rules failed {Domain.Campaigns.Campaign.QuarantineAfter} times in a row; the last: DivideByZeroException", record!.StatusReason);
            var offers = await fixture.Client.GetGrain<IOfferLogGrain>(0).ReadAsync(0, healthy.Id, 10_000);
            Assert.Equal(cdrs.Count, offers.Offers.Count);
            Assert.Empty((await fixture.Client.GetGrain<IOfferLogGrain>(0).ReadAsync(0, poison.Id, 10)).Offers);
        }
        finally
        {
            await Registry.SetStatusAsync(poison.Id, CampaignStatus.Stopped);
            await Registry.SetStatusAsync(healthy.Id, CampaignStatus.Stopped);
        }
    }
}
