using Cdr.Orleans.Domain.Campaigns;
using Cdr.Orleans.Domain.Rules;

using Cdr.Orleans.Tests.Campaigns;

namespace Cdr.Orleans.Tests.Rules;

/// <summary>
/// A rule nested too deep would overflow the stack of whatever parses it (the silo, the console client), which no catch
/// contains: the depth and the size are refused before any parser sees the text.
/// </summary>
public sealed class RuleLimitTests
{
    private static string Nested(int depth) => new string('(', depth) + "VoiceCalls > 1" + new string(')', depth);

    [Fact]
    public void Given_a_rule_nested_900_parentheses_deep_When_compiled_Then_it_is_refused_with_the_limit()
    {
        Assert.False(RuleCompiler.TryCompile(Nested(900), out _, out var error));

        Assert.Equal("the rule is nested 900 levels deep (brackets, ?: and unary operators); at most 32 are accepted", error!.Message);
    }

    [Theory]
    [InlineData(32, true)]
    [InlineData(33, false)]
    public void Given_a_rule_at_and_past_the_depth_limit_When_compiled_Then_only_the_one_within_compiles(int depth, bool compiles)
    {
        Assert.Equal(compiles, RuleCompiler.TryCompile(Nested(depth), out _, out var error));
        Assert.Equal(compiles, error is null);
    }

    [Theory]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!(VoiceCalls > 1)", 34)]
    [InlineData("not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not (VoiceCalls > 1)", 34)]
    [InlineData("VoiceCalls > 1 ? true : VoiceCalls > 2 ? true : VoiceCalls > 3 ? true : VoiceCalls > 4 ? true : VoiceCalls > 5 ? true : VoiceCalls > 6 ? true : VoiceCalls > 7 ? true : VoiceCalls > 8 ? true : VoiceCalls > 9 ? true : VoiceCalls > 10 ? true : VoiceCalls > 11 ? true : VoiceCalls > 12 ? true : VoiceCalls > 13 ? true : VoiceCalls > 14 ? true : VoiceCalls > 15 ? true : VoiceCalls > 16 ? true : VoiceCalls > 17 ? true : VoiceCalls > 18 ? true : VoiceCalls > 19 ? true : VoiceCalls > 20 ? true : VoiceCalls > 21 ? true : VoiceCalls > 22 ? true : VoiceCalls > 23 ? true : VoiceCalls > 24 ? true : VoiceCalls > 25 ? true : VoiceCalls > 26 ? true : VoiceCalls > 27 ? true : VoiceCalls > 28 ? true : VoiceCalls > 29 ? true : VoiceCalls > 30 ? true : VoiceCalls > 31 ? true : VoiceCalls > 32 ? true : VoiceCalls > 33 ? true : false", 33)]
    public void Given_deep_chains_without_brackets_When_measured_Then_their_depth_counts_each_level(string rule, int depth)
    {
        Assert.Equal(depth, RuleShape.Of(rule).Depth);
        Assert.False(RuleCompiler.TryCompile(rule, out _, out _));
    }

    [Fact]
    public void Given_a_rule_with_more_terms_than_allowed_When_compiled_Then_it_is_refused_with_the_count()
    {
        var rule = string.Join(" || ", Enumerable.Range(0, 101).Select(i => $"Age == {i}"));

        Assert.False(RuleCompiler.TryCompile(rule, out _, out var error));

        Assert.Equal("the rule has 403 names, values and operators; at most 400 are accepted", error!.Message);
    }

    [Fact]
    public void Given_strings_holding_brackets_and_operators_When_measured_Then_each_string_is_one_value()
    {
        Assert.Equal(new RuleShape(1, 9), RuleShape.Of("Region == \"((((\\\"!!!!\" && (Tier != 'a?b')"));
        Assert.Equal(new RuleShape(1, 8), RuleShape.Of("H24.VoiceMinutes >= 60 and D7.Sms < -5"));
    }

    [Fact]
    public void Given_the_largest_rule_allowed_When_compiled_on_a_thread_with_a_small_stack_Then_it_compiles_and_evaluates()
    {
        // 32 levels deep and close to 400 nodes: what any rule the limits let through costs a thread's stack.
        var rule = Nested(30) + " && " + string.Join(" && ", Enumerable.Range(0, 80).Select(i => $"Age != {i}"));
        Exception? failure = null;
        var compiled = false;
        var thread = new Thread(() =>
        {
            try
            {
                compiled = RuleCompiler.TryCompile(rule, out _, out var error);
                Assert.True(compiled, error?.Message);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }, maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();

        Assert.Null(failure);
        Assert.True(compiled);
    }

    [Fact]
    public void Given_a_campaign_whose_trigger_is_nested_too_deep_When_validated_Then_the_validator_names_the_field_and_the_limit()
    {
        var errors = CampaignValidator.Validate(ShippedCampaigns.Load("night-pack") with { Trigger = Nested(900) });

        Assert.Contains("trigger: the rule is nested 900 levels deep (brackets, ?: and unary operators); at most 32 are accepted", errors);
    }

    [Theory]
    [InlineData("TagCalls(\"99\") > 0", "TagCalls(\"99\"), whose argument is not a tag")]
    [InlineData("TagCalls(\"Nope\") > 0", "TagCalls(\"Nope\"), whose argument is not a tag")]
    [InlineData("CategoryCalls(Region) > 0", "CategoryCalls(...), whose argument is not a callee category")]
    [InlineData("CallsToSameNumberWithin(-5) > 2", "CallsToSameNumberWithin(-5), whose argument is not a number of minutes")]
    [InlineData("CallsToSameNumberWithin(0) > 2", "CallsToSameNumberWithin(0), whose argument is not a number of minutes")]
    [InlineData("CallsToSameNumberWithin(61) > 2", "CallsToSameNumberWithin(61), whose argument is not a number of minutes")]
    public void Given_a_helper_given_what_can_never_count_When_compiled_Then_it_is_refused_with_what_it_takes(string rule, string refusal)
    {
        Assert.False(RuleCompiler.TryCompile(rule, out _, out var error));

        Assert.StartsWith($"the rule uses {refusal}", error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TagCalls(\"Health\") > 0")]
    [InlineData("CategoryCalls(\"travel\") >= 1")]
    [InlineData("CallsToSameNumberWithin(60) > 2")]
    public void Given_helpers_with_good_arguments_When_compiled_Then_they_compile(string rule) =>
        Assert.True(RuleCompiler.TryCompile(rule, out _, out var error), error?.Message);

    [Fact]
    public void Given_a_campaign_file_with_caps_null_When_read_Then_it_is_refused_and_one_without_caps_is_not()
    {
        const string withoutCaps = "{\"id\": \"c\", \"name\": \"C\", \"trigger\": \"VoiceCalls > 1\", \"offer\": {\"code\": \"C-1\", \"text\": \"t\"}";
        var nullCaps = CampaignJson.Read(withoutCaps + ", \"caps\": null}", "c.json", out var nullCapsError);
        var noCaps = CampaignJson.Read(withoutCaps + "}", "c.json", out _);

        Assert.Null(nullCaps);
        Assert.Equal("c.json: caps: null is not accepted; leave it out for one offer per subscriber per campaign, or give e.g. {\"perSubscriber\": 1, \"period\": \"7d\"}", nullCapsError);
        Assert.Empty(CampaignValidator.Validate(noCaps));
    }
}
