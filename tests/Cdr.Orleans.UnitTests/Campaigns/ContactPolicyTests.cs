using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Domain.Campaigns;
using Cdr.Orleans.Domain.Rules;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Campaigns;

/// <summary>The contact policy above every campaign: caps over all campaigns in the local day and week, quiet hours in local time, opt-out, the global control group.</summary>
public sealed class ContactPolicyTests
{
    private static Campaign Every(string id, int priority = 0) => ShippedCampaigns.Compile(new CampaignDefinition
    {
        Id = id, Name = id, Priority = priority, Trigger = "VoiceCalls >= 1",
        Offer = new OfferSpec { Code = id.ToUpperInvariant(), Text = "an offer", Channel = "sms", Value = 1 },
        Caps = new CampaignCaps { PerSubscriber = 100, Period = "1h" },
    });

    private static CampaignScenario Scenario(ContactPolicy policy, string? zone = null, params Campaign[] campaigns) =>
        new(policy, CampaignScenario.Profile(Alice) with { TimeZone = zone }, campaigns);

    [Fact]
    public void Given_a_cap_of_two_a_day_over_all_campaigns_When_three_campaigns_trigger_all_day_Then_two_are_sent_each_local_day_and_the_rest_counted_as_capped()
    {
        var (a, b, c) = (Every("a", 3), Every("b", 2), Every("c", 1));
        var scenario = Scenario(new ContactPolicy { MaxPerDay = 2 }, "America/New_York", a, b, c);
        var start = new DateTime(2026, 11, 23, 5, 0, 0, DateTimeKind.Utc); // 00:00 in New York

        scenario.ApplyAll(Enumerable.Range(0, 96).Select(i => Voice(Alice, Bob, start.AddMinutes(30 * i), 60))); // two local days

        var sent = scenario.Decisions.Where(d => d.Outcome == OfferOutcome.Sent).ToList();
        Assert.Equal(4, sent.Count);
        Assert.Equal([new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 24)],
            sent.Select(d => DateOnly.FromDateTime(d.CdrStartUtc.AddHours(-5))));
        Assert.Equal(92, a.Tally.Snapshot().PolicyCapped + b.Tally.Snapshot().PolicyCapped + c.Tally.Snapshot().PolicyCapped);
        var latest = scenario.State.Offers!.Recent[^1];
        Assert.Equal((OfferOutcome.Suppressed, PolicyRules.DailyCap), (latest.Outcome, latest.Policy)); // recorded as such, with the rule
        // A repeat takes the latest's place: one suppressed entry per run of them (one a day here), not 92.
        Assert.Equal(2, scenario.State.Offers.Recent.Count(d => d.Outcome == OfferOutcome.Suppressed));
    }

    [Fact]
    public void Given_a_weekly_cap_When_offers_come_every_day_Then_no_more_than_the_cap_in_any_seven_local_days()
    {
        var campaign = Every("daily");
        var scenario = Scenario(new ContactPolicy { MaxPerDay = 1, MaxPerWeek = 3 }, "Europe/London", campaign);

        scenario.ApplyAll(Enumerable.Range(0, 14 * 4).Select(i => Voice(Alice, Bob, T0.AddHours(6 * i), 60)));

        var days = scenario.Decisions.Where(d => d.Outcome == OfferOutcome.Sent).Select(d => DateOnly.FromDateTime(d.CdrStartUtc).DayNumber).ToList();
        Assert.All(days, day => Assert.InRange(days.Count(d => d > day - 7 && d <= day), 1, 3));
        Assert.Equal([0, 1, 2, 7, 8, 9, 14], days.Select(d => d - days[0]));
    }

    [Theory]
    [InlineData("Europe/London", 22, true)]  // 22:00 local
    [InlineData("Europe/London", 7, true)]   // 07:00
    [InlineData("Europe/London", 8, false)]  // 08:00: quiet hours end
    [InlineData("Asia/Tokyo", 13, true)]     // 22:00 in Tokyo
    [InlineData("Asia/Tokyo", 1, false)]     // 10:00 in Tokyo
    public void Given_quiet_hours_21_to_8_When_a_campaign_triggers_Then_they_hold_in_the_subscribers_local_time(string zone, int utcHour, bool quiet)
    {
        var campaign = Every("evening");
        var scenario = Scenario(new ContactPolicy { QuietHours = "21:00-08:00" }, zone, campaign);

        var decision = scenario.Apply(Voice(Alice, Bob, new DateTime(2026, 11, 23, utcHour, 0, 0, DateTimeKind.Utc), 60));

        Assert.Equal(quiet, decision is null);
        Assert.Equal(quiet ? 1 : 0, campaign.Tally.Snapshot().QuietHours);
    }

    [Fact]
    public void Given_a_subscriber_who_said_stop_or_gave_no_consent_When_campaigns_trigger_Then_nothing_is_offered_and_it_is_counted()
    {
        var campaign = Every("any");
        var stopped = Scenario(ContactPolicy.None, null, campaign);
        stopped.State.OptedOutUtc = T0;
        var noConsent = new CampaignScenario(CampaignScenario.Profile(Carol) with { NoMarketing = true }, campaign);

        stopped.ApplyAll([Voice(Alice, Bob, T0.AddMinutes(1), 60), Voice(Alice, Bob, T0.AddMinutes(2), 60)]);
        noConsent.Apply(Voice(Carol, Bob, T0.AddMinutes(3), 60));

        Assert.Empty(stopped.Decisions);
        Assert.Empty(noConsent.Decisions);
        Assert.Equal(3, campaign.Tally.Snapshot().OptedOut);
        Assert.True(RuleCompiler.TryCompile("OptedOut", out var rule, out _));
        Assert.True(rule!.Evaluate(new RuleView(stopped.State, Voice(Alice, Bob, T0, 1), HomeNetwork.Default)));
    }

    [Fact]
    public void Given_a_global_control_share_When_many_subscribers_trigger_Then_about_that_share_is_held_out_by_the_policy_whatever_the_campaign()
    {
        var (first, second) = (Every("first"), Every("second"));
        var policy = new ContactPolicy { GlobalControlShare = 0.1 };
        var held = new List<string>();
        for (var i = 0; i < 4_000; i++)
        {
            var msisdn = $"+4477009{i:00000}";
            var decisions = new[] { first, second }.Select(c => new CampaignScenario(policy, CampaignScenario.Profile(msisdn), c).Apply(Voice(msisdn, Bob, T0, 60))!).ToList();
            Assert.Equal(decisions[0].GlobalControl, decisions[1].GlobalControl); // in the group for every campaign, or for none
            if (decisions[0].GlobalControl)
            {
                Assert.Equal((OfferOutcome.HeldOut, PolicyRules.GlobalControl), (decisions[0].Outcome, decisions[0].Policy));
                held.Add(msisdn);
            }
        }
        Assert.InRange(held.Count, 340, 460); // 10% of 4,000, within about 3 standard deviations
        Assert.Equal(held.Count, first.Tally.Snapshot().GlobalControl);
        Assert.Equal(0, first.Tally.Snapshot().HeldOut); // the campaign's own control group is apart
    }

    [Fact]
    public void Given_a_campaign_whose_schedule_has_no_offset_When_cdrs_come_from_two_time_zones_Then_it_starts_at_each_subscribers_local_time()
    {
        var campaign = ShippedCampaigns.Compile(new CampaignDefinition
        {
            Id = "new-year", Name = "New year", Trigger = "VoiceCalls >= 1",
            Offer = new OfferSpec { Code = "NY", Text = "Happy new year", Channel = "sms", Value = 1 },
            Caps = new CampaignCaps { PerSubscriber = 10 },
            Start = new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), // midnight wherever the subscriber is
        });
        var tokyo = Scenario(ContactPolicy.None, "Asia/Tokyo", campaign);
        var london = new CampaignScenario(ContactPolicy.None, CampaignScenario.Profile(Bob) with { TimeZone = "Europe/London" }, campaign);
        var at = new DateTime(2026, 12, 31, 16, 0, 0, DateTimeKind.Utc); // 01:00 on 1 January in Tokyo, 16:00 on 31 December in London

        Assert.Equal(OfferOutcome.Sent, tokyo.Apply(Voice(Alice, Carol, at, 60))?.Outcome);
        Assert.Null(london.Apply(Voice(Bob, Carol, at, 60)));
        Assert.Equal(OfferOutcome.Sent, london.Apply(Voice(Bob, Carol, at.AddHours(8).AddMinutes(1), 60))?.Outcome);
    }

    [Theory]
    [InlineData(2, 1, null, 0.0, "maxPerWeek (1) is below maxPerDay (2); a week holds at least a day")]
    [InlineData(-1, null, null, 0.0, "maxPerDay is -1; accepted: 1 to 1000, or none (0 or absent)")]
    [InlineData(null, null, "22-8", 0.0, "quiet hours '22-8' are not a span of local time such as 21:00-08:00 (HH:mm-HH:mm, may pass midnight)")]
    [InlineData(null, null, "08:00-08:00", 0.0, "quiet hours '08:00-08:00' start and end at the same time; give a span such as 21:00-08:00")]
    [InlineData(null, null, null, 0.7, "globalControlShare is 0.7; accepted: 0 to 0.5 (a share of the subscribers)")]
    public void Given_a_policy_that_cannot_work_When_validated_Then_it_says_what_is_wrong(int? perDay, int? perWeek, string? quiet, double share, string expected) =>
        Assert.Contains(expected, ContactRules.Validate(new ContactPolicy { MaxPerDay = perDay, MaxPerWeek = perWeek, QuietHours = quiet, GlobalControlShare = share }));
}
