using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Campaigns;
using Cdr.Orleans.Domain.Rules;

namespace Cdr.Orleans.Tests.Campaigns;

public sealed class CampaignValidatorTests
{
    private static readonly CampaignDefinition Valid = ShippedCampaigns.Load("night-pack");

    [Fact]
    public void Given_a_campaign_with_many_mistakes_When_validated_Then_each_is_reported_with_what_is_accepted()
    {
        var bad = Valid with
        {
            Id = "Night Pack!",
            Name = "",
            Offer = Valid.Offer with { Channel = "fax", Code = "" },
            Eligibility = new Eligibility { Tiers = ["Platinum"], MinAge = 40, MaxAge = 20 },
            Caps = new CampaignCaps { PerSubscriber = 0, Period = "3x", Budget = 0 },
            ControlShare = 0.9,
        };

        var errors = CampaignValidator.Validate(bad);

        Assert.Contains(errors, e => e.StartsWith("id: 'Night Pack!' is not accepted; use 1 to 64 lowercase letters", StringComparison.Ordinal));
        Assert.Contains("name: missing; give the campaign a name people will recognise", errors);
        Assert.Contains("offer.channel: 'fax' is not one of sms, in-app, push, email", errors);
        Assert.Contains(errors, e => e.StartsWith("offer.code: missing", StringComparison.Ordinal));
        Assert.Contains("eligibility.tiers: 'Platinum' is not one of Free, Silver, Gold", errors);
        Assert.Contains("eligibility age: the minimum 40 is above the maximum 20", errors);
        Assert.Contains(errors, e => e.StartsWith("caps.perSubscriber: 0 is not accepted", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("caps.period: '3x' is not accepted; give a positive duration up to 3650d", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("caps.budget: 0 is not accepted", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("controlShare: 0.9 is not accepted; give a share from 0 to 0.5", StringComparison.Ordinal));
        Assert.Equal(10, errors.Count);
    }

    [Theory]
    [InlineData("Cdr.GetType().Name == \"x\"", "GetType")]
    [InlineData("System.IO.File.Exists(\"/etc/passwd\")", "")]
    [InlineData("Activator.CreateInstance(\"x\") != null", "")]
    public void Given_a_trigger_that_reaches_outside_the_view_When_validated_Then_it_is_refused_at_creation(string trigger, string named)
    {
        var errors = CampaignValidator.Validate(Valid with { Trigger = trigger });

        var error = Assert.Single(errors);
        Assert.StartsWith("trigger: ", error);
        Assert.Contains("A rule can use: ", error);
        Assert.Contains(named, error);
    }

    [Fact]
    public void Given_a_trigger_with_a_typo_When_validated_Then_the_error_gives_the_position_and_the_available_names()
    {
        var error = Assert.Single(CampaignValidator.Validate(Valid with { Trigger = "H24.VoiceMinuts > 60" }));

        Assert.Contains("VoiceMinuts", error);
        Assert.Contains("(at position 4)", error);
        Assert.Contains("H1|H24|D7|D30.VoiceMinutes", error);
    }

    [Fact]
    public void Given_structured_eligibility_When_turned_into_a_rule_Then_names_are_canonical_and_quotes_are_escaped()
    {
        var rule = CampaignValidator.EligibilityRule(new Eligibility
        {
            Tiers = ["free", "SILVER"], Regions = ["King's \"Lynn\""], MinAge = 18, MaxSignupDays = 90, Rule = "H24.Calls > 1",
        });

        Assert.Equal("Tier in (\"Free\", \"Silver\") && Region in (\"King's \\\"Lynn\\\"\") && Age >= 18 && SignupDays <= 90 && (H24.Calls > 1)", rule);
        Assert.Null(RuleCompiler.Validate(rule));
    }

    [Fact]
    public void Given_json_with_an_unknown_property_or_bad_syntax_When_read_Then_the_error_names_the_place_and_the_known_properties()
    {
        var unknown = CampaignJson.Read("{ \"id\": \"x\", \"caps\": { \"perSubscrber\": 2 } }", "x.json", out var unknownError);
        var broken = CampaignJson.Read("{ \"id\": \"x\",\n  \"priority\": \"high\" }", "y.json", out var brokenError);

        Assert.Null(unknown);
        Assert.StartsWith("x.json", unknownError);
        Assert.Contains("perSubscrber", unknownError);
        Assert.Contains("Known properties: id, name", unknownError);
        Assert.Null(broken);
        Assert.StartsWith("y.json (line 2", brokenError);
        Assert.Contains("$.priority", brokenError);
    }
}
