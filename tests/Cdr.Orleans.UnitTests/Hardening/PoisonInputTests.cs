using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Domain.Campaigns;
using Cdr.Orleans.Domain.Cdrs;
using Cdr.Orleans.Domain.Text;
using Cdr.Orleans.Tests.Campaigns;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Hardening;

/// <summary>The inputs found to stop a partition or a silo, each now refused with a reason or contained.</summary>
public sealed class PoisonInputTests
{
    private static readonly CampaignDefinition Valid = ShippedCampaigns.Load("night-pack");

    [Theory]
    [InlineData("TagCalls(\"99\") > 0")]
    [InlineData("CategoryCalls(\"-1\") > 0")]
    [InlineData("CategoryCalls(\"Travel, Clinic\") >= 0")]
    [InlineData("TagCalls(\"+1\") >= 0")]
    public void Given_a_numeric_or_unknown_category_name_in_a_rule_When_validated_Then_it_is_refused_since_it_could_only_count_nothing(string trigger)
    {
        var errors = CampaignValidator.Validate(Valid with { Eligibility = new(), Trigger = trigger });

        Assert.Contains(errors, e => e.StartsWith("trigger: the rule uses ", StringComparison.Ordinal) && e.Contains(", whose argument is not a ", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_a_rule_that_throws_for_every_subscriber_When_evaluated_past_the_threshold_Then_the_campaign_is_set_aside_with_the_reason()
    {
        var campaign = ShippedCampaigns.Compile(Valid with { Eligibility = new(), Trigger = "1 / (Cdr.DurationSeconds - Cdr.DurationSeconds) > 0" });
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice), campaign);
        for (var i = 0; i < Campaign.QuarantineAfter + 20; i++)
        {
            scenario.Apply(Voice(Alice, Bob, T0.AddSeconds(i), 60));
        }

        Assert.StartsWith($"its rules failed {Campaign.QuarantineAfter} times in a row; the last: DivideByZeroException", campaign.QuarantineReason);
        Assert.Equal(Campaign.QuarantineAfter, campaign.Tally.Snapshot().RuleErrors);
    }

    [Fact]
    public void Given_a_rule_that_throws_for_some_subscribers_only_When_evaluated_Then_it_is_not_set_aside()
    {
        var campaign = ShippedCampaigns.Compile(Valid with { Eligibility = new(), Trigger = "100 / Cdr.DurationSeconds > 1" });
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice), campaign);
        for (var i = 0; i < 1_000; i++)
        {
            scenario.Apply(Voice(Alice, Bob, T0.AddSeconds(i), i % 2 == 0 ? 0 : 60));
        }

        Assert.Null(campaign.QuarantineReason);
        Assert.Equal(500, campaign.Tally.Snapshot().RuleErrors);
    }

    [Fact]
    public void Given_a_stored_campaign_with_null_eligibility_and_caps_When_validated_and_compiled_Then_they_mean_everyone_and_once()
    {
        var stored = Valid with { Eligibility = null!, Caps = null!, Offer = Valid.Offer };

        Assert.Empty(CampaignValidator.Validate(stored));
        var campaign = Campaign.TryCompile(new CampaignRecord(stored, CampaignStatus.Active, 1, T0, T0), new CampaignTallies().NewTally(), out var errors);

        Assert.Empty(errors);
        Assert.True(campaign!.EveryoneEligible);
        Assert.Null(campaign.Period);
        Assert.Equal(1, campaign.Definition.Caps.PerSubscriber);
    }

    [Fact]
    public void Given_a_campaign_file_with_null_eligibility_and_no_caps_When_read_Then_they_are_the_defaults()
    {
        // ("caps": null is refused: RuleLimitTests.)
        var definition = CampaignJson.Read(
            "{ \"id\": \"n\", \"name\": \"N\", \"offer\": { \"code\": \"C\", \"text\": \"T\" }, \"trigger\": \"true\", \"eligibility\": null }",
            "n.json", out var error);

        Assert.Null(error);
        Assert.Equal((new Eligibility(), new CampaignCaps()), (definition!.Eligibility, definition.Caps));
    }

    [Theory]
    [InlineData("800000d")]
    [InlineData("1e9d")]
    [InlineData("Infinityd")]
    [InlineData("10675200d")]
    [InlineData("3651d")]
    [InlineData("NaNh")]
    [InlineData("-5m")]
    [InlineData("0s")]
    [InlineData("10675199.02:48:05.4775807")]
    [InlineData("")]
    public void Given_a_duration_out_of_bounds_When_parsed_Then_it_is_refused(string text) =>
        Assert.False(DurationText.TryParse(text, out _));

    [Theory]
    [InlineData("3650d", 3650 * 86_400.0)]
    [InlineData("90s", 90.0)]
    [InlineData("1.5h", 5_400.0)]
    [InlineData("00:10:00", 600.0)]
    public void Given_a_duration_within_bounds_When_parsed_Then_it_is_read(string text, double seconds)
    {
        Assert.True(DurationText.TryParse(text, out var value));
        Assert.Equal(seconds, value.TotalSeconds);
    }

    [Fact]
    public void Given_a_campaign_with_hostile_texts_When_validated_Then_each_is_refused_with_the_limit()
    {
        var bad = Valid with
        {
            Id = "night-pack\n",
            Offer = Valid.Offer with { Code = "NIGHT\u001b[31m", Text = new string('x', 10_000_000), Channel = "push" },
            Caps = new CampaignCaps { Period = "800000d", PerSubscriber = 1_000_000 },
        };

        var errors = CampaignValidator.Validate(bad);

        Assert.Contains(errors, e => e.StartsWith("id: 'night-pack?' is not accepted", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("offer.code: 'NIGHT?[31m' is not accepted; use 1 to 32 letters", StringComparison.Ordinal));
        Assert.Contains("offer.text: 10000000 characters; an offer text holds at most 1000", errors);
        Assert.Contains(errors, e => e.StartsWith("caps.period: '800000d' is not accepted", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("caps.perSubscriber: 1000000 is not accepted; give 1 to 100", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_an_eligibility_whose_fields_and_rule_together_pass_the_rule_limit_When_validated_Then_it_is_refused_as_compiled()
    {
        var rule = string.Join(" || ", Enumerable.Range(0, 90).Select(i => $"Age == {i + 10}"));
        var bad = Valid with { Eligibility = new Eligibility { Rule = rule, Regions = [.. Enumerable.Range(0, 70).Select(i => $"Region number {i}")] } };
        Assert.True(rule.Length < Cdr.Orleans.Domain.Rules.RuleCompiler.MaxLength);

        var errors = CampaignValidator.Validate(bad);

        Assert.Contains(errors, e => e.StartsWith("eligibility (its fields and rule as one condition): the rule is ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("bad-charge")]
    [InlineData("bad-volume")]
    [InlineData("bad-time")]
    [InlineData("bad-region")]
    [InlineData("bad-country")]
    [InlineData("bad-id")]
    public void Given_a_cdr_outside_the_bounds_When_validated_Then_it_is_rejected_with_the_bound(string code)
    {
        var ok = Voice(Alice, Bob, T0, 60);
        var cdr = code switch
        {
            "bad-charge" => ok with { Charge = decimal.MaxValue },
            "bad-volume" => Data(Alice, T0, long.MaxValue - 10),
            "bad-time" => ok with { StartUtc = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc) },
            "bad-region" => ok with { Region = "Lon\u001b[2Jdon" },
            "bad-country" => ok with { CalleeCountry = "GBR" },
            _ => ok with { Id = new string('x', 500) },
        };

        Assert.Equal(code, CdrValidator.ValidateShape(cdr)?.Code);
    }

    [Fact]
    public void Given_totals_that_cannot_hold_a_cdr_When_folded_Then_it_throws_with_the_state_as_it_was()
    {
        var state = new SubscriberState();
        SubscriberFold.ApplyOutgoing(state, Voice(Alice, Bob, T0, 60, charge: decimal.MaxValue), HomeNetwork.Default);
        var before = (state.CdrsApplied, state.VoiceCalls, state.Spend, state.TopCallees?.Count);

        Assert.Throws<OverflowException>(() => SubscriberFold.ApplyOutgoing(state, Voice(Alice, Carol, T0.AddMinutes(1), 60, charge: 1m), HomeNetwork.Default));

        Assert.Equal(before, (state.CdrsApplied, state.VoiceCalls, state.Spend, state.TopCallees?.Count));
    }

    [Fact]
    public void Given_a_voice_call_at_the_first_instant_of_the_calendar_When_folded_Then_nothing_throws()
    {
        var state = new SubscriberState();
        SubscriberFold.ApplyOutgoing(state, Voice(Alice, Bob, DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), 60), HomeNetwork.Default);

        Assert.Equal(1, state.VoiceCalls);
    }

    [Theory]
    [InlineData("+999123", "#999123")]
    [InlineData("", CdrIntake.UnknownCallee)]
    [InlineData("unknown", CdrIntake.UnknownCallee)]
    [InlineData("+0044 12", "#004412")]
    [InlineData("447700900123", "#447700900123")]
    [InlineData("1234567890123456789012", "#123456789012345678")]
    public void Given_a_callee_that_is_not_a_number_When_taken_in_Then_the_cdr_is_kept_with_a_note_and_the_callee_as_its_digits(string callee, string key)
    {
        var cdr = CdrIntake.Accept(Sms(Alice, callee, T0) with { CalleeCountry = "" }, T0, TimeSpan.FromMinutes(5), out var reason, out var note);

        Assert.Null(reason);
        Assert.Equal(CdrIntake.CalleeNotANumber, note);
        Assert.Equal((key, "ZZ"), (cdr!.Callee, cdr.CalleeCountry));
        Assert.False(CdrIntake.ReachesCallee(cdr, HomeNetwork.Default));
        var state = new SubscriberState();
        SubscriberFold.ApplyOutgoing(state, cdr, HomeNetwork.Default);
        Assert.Equal(1, state.SmsCount);
    }
}
