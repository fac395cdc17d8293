using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Domain.Campaigns;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Campaigns;

/// <summary>A segment send's decision for one subscriber, decided in the domain as the subscriber grain decides it.</summary>
public sealed class SegmentSendTests
{
    private static readonly DateTime Noon = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);

    private static Campaign OneShot(string trigger = "Tier == \"Gold\"", double control = 0) => ShippedCampaigns.Compile(new CampaignDefinition
    {
        Id = "send-test", Name = "Send", Trigger = trigger, OneShot = true, ControlShare = control,
        Offer = new OfferSpec { Code = "S-1", Text = "t", Channel = "push" },
    });

    private static SubscriberState Gold(string zone = "Europe/London") => new()
    {
        Profile = new SubscriberProfile(Alice, "A", 30, Gender.Female, "London", "Northwind Mobile", Plan.Prepaid, Tier.Gold, new DateOnly(2025, 1, 1), zone),
    };

    private static OnceResult Decide(Campaign campaign, SubscriberState state, DateTime now, ContactPolicy? policy = null, int pass = 1)
    {
        var rules = new ContactRules(policy ?? ContactPolicy.None);
        var set = new CampaignSet(1, [campaign], rules);
        var choice = new CampaignChoice();
        var triggered = CampaignEvaluator.Evaluate(set.Sending(campaign), state, OnceDecisions.Record(Alice, campaign.Id, 1, pass, now), HomeNetwork.Default, choice, null, now);
        var decision = triggered ? choice.DecideWith(_ => true) : null;
        return OnceDecisions.Outcome(triggered, decision, choice.PolicyStop, state, Alice, rules, now, campaign);
    }

    [Fact]
    public void Given_a_one_shot_campaign_When_a_set_is_made_Then_it_is_kept_apart_and_never_decided_on_a_cdr()
    {
        var oneShot = OneShot("true");
        var set = new CampaignSet(1, [oneShot]);
        var state = Gold();

        Assert.Empty(set.Campaigns);
        Assert.Same(oneShot, set.OneShots["send-test"]);
        Assert.False(CampaignEvaluator.Evaluate(set, state, Voice(Alice, Bob, Noon, 60), HomeNetwork.Default, new CampaignChoice()));
        Assert.Single(set.Sending(oneShot).Campaigns);
    }

    [Fact]
    public void Given_a_matching_subscriber_When_the_send_reaches_it_Then_it_is_decided_once_and_remembered_and_a_non_matching_one_is_not()
    {
        var campaign = OneShot();
        var gold = Gold();
        var free = new SubscriberState { Profile = gold.Profile! with { Tier = Tier.Free } };

        Assert.Equal(OnceOutcome.Sent, Decide(campaign, gold, Noon).Outcome);
        Assert.True(OnceDecisions.HasDecided(gold, campaign.Id));
        Assert.Equal(OnceOutcome.NotMatching, Decide(campaign, free, Noon).Outcome);
        Assert.False(OnceDecisions.HasDecided(free, campaign.Id));
        Assert.Equal("send:send-test:3:2", OnceDecisions.Record(Alice, "send-test", 3, 2, Noon).Id);
    }

    [Theory]
    [InlineData("Europe/London", 23, "2026-12-05T08:00:00Z")]   // 23:00 local: quiet until 08:00 tomorrow
    [InlineData("Europe/London", 6, "2026-12-04T08:00:00Z")]    // 06:00 local: until 08:00 today
    [InlineData("Asia/Tokyo", 14, "2026-12-04T23:00:00Z")]      // 23:00 in Tokyo (UTC+9): until 08:00 there, 23:00Z
    public void Given_quiet_hours_When_the_send_reaches_a_subscriber_in_them_Then_it_waits_until_they_end_and_is_not_remembered(string zone, int utcHour, string expected)
    {
        var state = Gold(zone);
        var at = new DateTime(2026, 12, 4, utcHour, 0, 0, DateTimeKind.Utc);

        var result = Decide(OneShot(), state, at, new ContactPolicy { QuietHours = "22:00-08:00" });

        Assert.Equal(OnceOutcome.QuietHours, result.Outcome);
        Assert.Equal(DateTime.Parse(expected, null, System.Globalization.DateTimeStyles.AdjustToUniversal), result.RetryUtc);
        Assert.False(OnceDecisions.HasDecided(state, "send-test"));
        Assert.Equal(OnceOutcome.Sent, Decide(OneShot(), state, result.RetryUtc!.Value, new ContactPolicy { QuietHours = "22:00-08:00" }, pass: 2).Outcome);
    }

    [Fact]
    public void Given_an_opted_out_subscriber_When_the_send_reaches_it_Then_it_is_suppressed_for_good()
    {
        var state = Gold();
        state.OptedOutUtc = Noon.AddDays(-1);

        Assert.Equal(OnceOutcome.Suppressed, Decide(OneShot(), state, Noon).Outcome);
        Assert.True(OnceDecisions.HasDecided(state, "send-test"));
    }

    [Fact]
    public void Given_a_one_shot_with_a_schedule_When_validated_Then_it_is_refused_saying_it_is_sent_when_created()
    {
        var errors = CampaignValidator.Validate(OneShot().Definition with { Start = Noon });

        Assert.Contains("start, end: a one-shot campaign is sent to its segment when it is created; it has no schedule (leave start and end out)", errors);
        Assert.Equal("(Tier in (\"Gold\")) && (Age > 3)", CampaignValidator.SegmentRule(OneShot("Age > 3").Definition with { Eligibility = new Eligibility { Tiers = ["Gold"] } }));
    }
}
