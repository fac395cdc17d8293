using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Domain.Campaigns;
using Cdr.Orleans.Tests.Campaigns;
using Orleans.Serialization;
using Microsoft.Extensions.DependencyInjection;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Hardening;

/// <summary>A subscriber's memory and stored size are bounded whatever its history.</summary>
public sealed class BoundedStateTests
{
    /// <summary>The stated maximum of one subscriber's stored state (docs/architecture.md).</summary>
    public const int MaxStateBytes = 16 * 1024;

    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void Given_a_year_of_a_heavy_callers_traffic_with_offers_When_folded_Then_the_stored_state_stays_under_the_maximum()
    {
        // 200 voice calls and SMS a day to 20,000 different numbers, data every hour, every CDR an offer of a campaign
        // capped at its maximum over ten years, and 100 other campaigns deciding now and then.
        var random = new Random(3);
        var campaign = ShippedCampaigns.Compile(ShippedCampaigns.Load("night-pack") with
        {
            Eligibility = new(), Trigger = "true", ControlShare = 0, Caps = new CampaignCaps { PerSubscriber = CampaignValidator.MaxPerSubscriber, Period = "3650d" },
        });
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice), campaign);
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var minute = 0; minute < 365 * 24 * 60; minute += 7)
        {
            var at = start.AddMinutes(minute);
            var callee = $"+4477{random.Next(20_000):00000000}";
            scenario.Apply(minute % 60 == 0 ? Data(Alice, at, random.Next(1, 1 << 30)) : minute % 3 == 0 ? Sms(Alice, callee, at) : Voice(Alice, callee, at, random.Next(1, 3_600)));
        }
        var state = scenario.State;
        foreach (var other in Enumerable.Range(0, 100))
        {
            var record = new CampaignRecord(ShippedCampaigns.Load("night-pack") with { Id = $"other-{other}" }, CampaignStatus.Active, 1, start, start);
            var compiled = Campaign.TryCompile(record, new CampaignTallies().NewTally(), out _)!;
            (state.Offers ??= new()).Record(compiled, scenario.Decisions[0] with { CampaignId = compiled.Id });
        }

        var bytes = Serializer.SerializeToArray(state).Length;

        Assert.True(state.VoiceCalls + state.SmsCount > 60_000);
        Assert.InRange(bytes, 1, MaxStateBytes);
        Assert.Equal(CalleeSummary.Capacity, state.TopCallees!.Count);
        Assert.True(state.Offers!.Times.Values.Sum(t => t.Count) <= OfferHistory.CampaignsKept * CampaignValidator.MaxPerSubscriber);
        Assert.InRange(state.Offers.Times.Count, 1, OfferHistory.CampaignsKept);
    }

    [Fact]
    public void Given_many_distinct_callees_When_counted_Then_the_distinct_estimate_is_within_its_documented_error_and_heavy_hitters_are_kept()
    {
        var summary = new CalleeSummary();
        for (var i = 0; i < 50_000; i++)
        {
            summary.Add(447_700_000_000 + i);
            summary.Add(447_711_111_111); // one number called on every other call
        }

        Assert.InRange(summary.Distinct, 50_001 * (1 - 3 * 0.065), 50_001 * (1 + 3 * 0.065));
        var (key, count) = summary.Top(1).Single();
        Assert.Equal(447_711_111_111, key);
        Assert.InRange(count, 50_000, 50_000 + 100_000 / CalleeSummary.Capacity);
    }

    [Fact]
    public void Given_few_callees_When_counted_Then_counts_and_the_distinct_count_are_exact()
    {
        var summary = new CalleeSummary();
        foreach (var key in new long[] { 5, 7, 5, 9, 5, 7 })
        {
            summary.Add(key);
        }

        Assert.Equal(3, summary.Distinct);
        Assert.Equal([(5L, 3), (7L, 2), (9L, 1)], summary.Top(5));
    }

    [Fact]
    public void Given_a_state_of_an_older_version_with_exact_callees_When_the_next_cdr_is_folded_Then_its_counts_move_into_the_summary()
    {
        var state = new SubscriberState { Callees = new() { [447700000002] = 4, [447700000003] = 1 } };

        SubscriberFold.ApplyOutgoing(state, Voice(Alice, Bob, T0, 60), HomeNetwork.Default);

        Assert.Empty(state.Callees);
        Assert.Equal([(447700000002L, 5), (447700000003L, 1)], state.TopCallees!.Top(5));
    }
}
