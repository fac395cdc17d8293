using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Domain.Campaigns;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Campaigns;

public sealed class CampaignEvaluatorTests
{
    private static Campaign Make(string id, string trigger, int priority = 0, int perSubscriber = 1, string? period = null,
        long? budget = null, double control = 0, DateTime? start = null, DateTime? end = null) =>
        ShippedCampaigns.Compile(new CampaignDefinition
        {
            Id = id,
            Name = id,
            Priority = priority,
            Offer = new OfferSpec { Code = id.ToUpperInvariant(), Text = "an offer", Channel = "sms", Value = 1 },
            Trigger = trigger,
            Caps = new CampaignCaps { PerSubscriber = perSubscriber, Period = period, Budget = budget },
            ControlShare = control,
            Start = start,
            End = end,
        });

    [Fact]
    public void Given_two_campaigns_triggering_on_one_cdr_When_evaluated_Then_the_higher_priority_wins_and_the_other_is_superseded()
    {
        var low = Make("low", "VoiceCalls >= 1", priority: 1);
        var high = Make("high", "VoiceCalls >= 1", priority: 9);
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice), low, high);

        var decision = scenario.Apply(Voice(Alice, Bob, T0, 60));

        Assert.Equal("high", decision?.CampaignId);
        Assert.Equal((1, 0, 1), (high.Tally.Snapshot().Sent, high.Tally.Snapshot().Superseded, low.Tally.Snapshot().Superseded));
        Assert.Equal(0, low.Tally.Snapshot().Sent);
    }

    [Fact]
    public void Given_the_winner_is_capped_When_another_campaign_triggers_Then_that_one_gets_the_cdr()
    {
        var high = Make("high", "VoiceCalls >= 1", priority: 9);
        var low = Make("low", "VoiceCalls >= 2", priority: 1);
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice), high, low);

        scenario.Apply(Voice(Alice, Bob, T0, 60));
        var second = scenario.Apply(Voice(Alice, Bob, T0.AddMinutes(1), 60));

        Assert.Equal("low", second?.CampaignId);
        Assert.Equal(1, high.Tally.Snapshot().Capped);
    }

    [Fact]
    public void Given_a_cap_of_two_per_day_When_the_rule_holds_on_every_cdr_Then_two_offers_a_day_and_more_after_the_period()
    {
        var campaign = Make("cooldown", "VoiceCalls >= 1", perSubscriber: 2, period: "24h");
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice), campaign);

        scenario.ApplyAll(Enumerable.Range(0, 10).Select(i => Voice(Alice, Bob, T0.AddHours(i), 60)));
        scenario.Apply(Voice(Alice, Bob, T0.AddHours(24).AddMinutes(1), 60)); // the first offer's period is over
        scenario.Apply(Voice(Alice, Bob, T0.AddHours(24).AddMinutes(2), 60)); // the second's (T0 + 1h) is not

        Assert.Equal([T0, T0.AddHours(1), T0.AddHours(24).AddMinutes(1)], scenario.Decisions.Select(d => d.CdrStartUtc));
        Assert.Equal((3, 9), (campaign.Tally.Snapshot().Sent, campaign.Tally.Snapshot().Capped));
    }

    [Fact]
    public void Given_no_period_When_the_rule_keeps_holding_Then_the_cap_is_for_the_campaigns_life()
    {
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice), Make("once", "VoiceCalls >= 1"));

        scenario.ApplyAll(Enumerable.Range(0, 5).Select(i => Voice(Alice, Bob, T0.AddDays(40 * i), 60)));

        Assert.Single(scenario.Decisions);
    }

    [Fact]
    public void Given_a_budget_of_three_When_five_subscribers_trigger_Then_three_offers_are_sent_and_two_are_capped()
    {
        var campaign = Make("budget", "VoiceCalls >= 1", budget: 3);
        var decisions = new List<OfferDecision?>();
        var taker = new SharedBudget();
        foreach (var msisdn in Enumerable.Range(1, 5).Select(i => $"+4477000001{i:00}"))
        {
            var state = new SubscriberState { Profile = CampaignScenario.Profile(msisdn) };
            var cdr = Voice(msisdn, Bob, T0, 60);
            SubscriberFold.ApplyOutgoing(state, cdr, HomeNetwork.Default);
            var choice = new CampaignChoice();
            decisions.Add(CampaignEvaluator.Evaluate(new CampaignSet(1, [campaign]), state, cdr, HomeNetwork.Default, choice) ? choice.DecideWith(taker.TryTake) : null);
        }

        Assert.Equal(3, decisions.Count(d => d is not null));
        Assert.Equal((3, 2), (campaign.Tally.Snapshot().Sent, campaign.Tally.Snapshot().Capped));
        Assert.True(campaign.BudgetExhausted);
    }

    [Fact]
    public void Given_a_control_share_When_subscribers_trigger_Then_the_same_ones_are_held_out_every_time_and_about_that_share()
    {
        var msisdns = Enumerable.Range(0, 20_000).Select(i => $"+4477{i:00000000}").ToList();

        var first = msisdns.Where(m => OfferIds.IsHeldOut("night-pack", m, 0.2)).ToList();
        var again = msisdns.Where(m => OfferIds.IsHeldOut("night-pack", m, 0.2)).ToList();
        var otherCampaign = msisdns.Where(m => OfferIds.IsHeldOut("data-addon", m, 0.2)).ToList();

        Assert.Equal(first, again);
        Assert.InRange(first.Count / 20_000.0, 0.19, 0.21);
        Assert.NotEqual(first, otherCampaign); // a subscriber held out of one campaign is not held out of all
        Assert.DoesNotContain(msisdns, m => OfferIds.IsHeldOut("night-pack", m, 0));
        // Stable across processes and versions: these values are part of the stored offer history.
        Assert.Equal("1f945c5d0370e5bd", OfferIds.For("night-pack", Alice, "cdr-1"));
    }

    [Fact]
    public void Given_a_subscriber_in_the_control_group_When_the_campaign_triggers_Then_held_out_is_recorded_counts_for_the_cap_and_takes_no_budget()
    {
        var msisdn = Enumerable.Range(0, 1000).Select(i => $"+4477001{i:00000}").First(m => OfferIds.IsHeldOut("control", m, 0.5));
        var campaign = Make("control", "VoiceCalls >= 1", control: 0.5, budget: 1);
        var scenario = new CampaignScenario(CampaignScenario.Profile(msisdn), campaign);

        scenario.ApplyAll(Enumerable.Range(0, 3).Select(i => Voice(msisdn, Bob, T0.AddHours(i), 60)));

        var decision = Assert.Single(scenario.Decisions);
        Assert.Equal(OfferOutcome.HeldOut, decision.Outcome);
        Assert.Equal((0, 1, 2), (campaign.Tally.Snapshot().Sent, campaign.Tally.Snapshot().HeldOut, campaign.Tally.Snapshot().Capped));
        Assert.False(campaign.BudgetExhausted);
        Assert.Equal(decision, scenario.State.Offers!.Recent.Single());
    }

    [Fact]
    public void Given_a_schedule_When_cdrs_fall_before_inside_and_after_it_Then_only_those_inside_are_evaluated()
    {
        var campaign = Make("scheduled", "true", perSubscriber: 100, start: T0.AddHours(1), end: T0.AddHours(2));
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice), campaign);

        scenario.ApplyAll([Voice(Alice, Bob, T0, 60), Voice(Alice, Bob, T0.AddHours(1.5), 60), Voice(Alice, Bob, T0.AddHours(3), 60)]);

        Assert.Equal([T0.AddHours(1.5)], scenario.Decisions.Select(d => d.CdrStartUtc));
        Assert.Equal(1, campaign.Tally.Snapshot().Evaluated);
    }

    [Fact]
    public void Given_a_rule_that_divides_by_zero_for_a_subscriber_When_evaluated_Then_it_counts_as_false_and_as_a_rule_error()
    {
        var campaign = Make("divide", "VoiceCalls / Sms > 1");
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice), campaign);

        scenario.Apply(Voice(Alice, Bob, T0, 60)); // 1 / 0: throws, counted, false
        scenario.Apply(Sms(Alice, Bob, T0.AddMinutes(1))); // 1 / 1: false
        var decision = scenario.Apply(Voice(Alice, Bob, T0.AddMinutes(2), 60)); // 2 / 1: true

        Assert.Equal(1, campaign.Tally.Snapshot().RuleErrors);
        Assert.Equal(("2", "1"), (decision?.Values["VoiceCalls"], decision?.Values["Sms"]));
    }

    [Fact]
    public void Given_the_same_campaign_subscriber_and_cdr_When_decided_twice_Then_the_offer_id_is_the_same()
    {
        var cdr = Voice(Alice, Bob, T0, 60);
        var one = new CampaignScenario(CampaignScenario.Profile(Alice), Make("same", "true")).Apply(cdr);
        var two = new CampaignScenario(CampaignScenario.Profile(Alice), Make("same", "true")).Apply(cdr);

        Assert.Equal(one!.Id, two!.Id);
        Assert.Equal(OfferIds.For("same", Alice, cdr.Id), one.Id);
        Assert.NotEqual(one.Id, OfferIds.For("same", Alice, cdr.Id + "x"));
    }

    private sealed class SharedBudget
    {
        private long taken;

        public bool TryTake(Campaign campaign) => Interlocked.Increment(ref taken) <= campaign.Definition.Caps.Budget;
    }
}
