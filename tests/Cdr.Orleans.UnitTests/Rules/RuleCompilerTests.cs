using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Domain.Rules;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Rules;

public sealed class RuleCompilerTests
{
    private static readonly SubscriberProfile FreeAlice = new(Alice, "Alice", 30, Gender.Female, "London", "Northwind Mobile", Plan.Prepaid, Tier.Free, new DateOnly(2026, 1, 1));

    /// <summary>Folds the CDRs into a fresh state with Alice's profile and returns the view as of the last one.</summary>
    private static RuleView After(params CallDetailRecord[] cdrs)
    {
        var state = new SubscriberState { Profile = FreeAlice };
        foreach (var cdr in cdrs)
        {
            SubscriberFold.ApplyOutgoing(state, cdr, HomeNetwork.Default);
        }
        return new RuleView(state, cdrs[^1], HomeNetwork.Default);
    }

    private static bool Holds(string rule, RuleView view)
    {
        Assert.True(RuleCompiler.TryCompile(rule, out var compiled, out var error), error?.Message);
        return compiled!.Evaluate(view);
    }

    [Fact]
    public void Given_the_upgrade_rule_When_a_free_subscriber_passes_60_voice_minutes_in_24h_Then_it_holds_only_from_that_call()
    {
        const string rule = "(Tier == \"Free\" || Tier == \"Silver\") && H24.VoiceMinutes > 60";
        var calls = Enumerable.Range(0, 4).Select(i => Voice(Alice, Bob, T0.AddHours(i), 20 * 60)).ToArray();

        Assert.False(Holds(rule, After(calls[..3])));
        Assert.True(Holds(rule, After(calls)));
    }

    [Fact]
    public void Given_the_international_rule_When_counted_over_7_days_Then_calls_older_than_7_days_do_not_count()
    {
        const string rule = "D7.International >= 3";
        var old = Voice(Alice, "+4915112345678", T0.AddDays(-8), 60, country: "DE");
        var recent = Enumerable.Range(0, 2).Select(i => Voice(Alice, "+4915112345678", T0.AddDays(-i), 60, country: "DE")).ToArray();

        Assert.False(Holds(rule, After([old, .. recent])));
        Assert.True(Holds(rule, After([old, .. recent, Voice(Alice, "+919812345678", T0.AddMinutes(1), 60, country: "IN")])));
    }

    [Fact]
    public void Given_the_night_rule_When_half_the_week_is_at_night_Then_it_holds()
    {
        const string rule = "D7.NightShare >= 0.5 && D7.Calls + D7.Sms >= 4";
        var night = new DateTime(2026, 11, 22, 23, 30, 0, DateTimeKind.Utc);
        var cdrs = new[] { Voice(Alice, Bob, night, 60), Sms(Alice, Bob, night.AddMinutes(5)), Voice(Alice, Bob, night.AddHours(11), 60), Voice(Alice, Bob, night.AddHours(12), 60) };

        Assert.True(Holds(rule, After(cdrs)));
        Assert.False(Holds(rule, After([.. cdrs, Voice(Alice, Bob, night.AddHours(13), 60)])));
    }

    [Fact]
    public void Given_the_retention_rule_When_the_third_call_in_24h_drops_Then_it_holds_and_the_cdr_is_visible()
    {
        const string rule = "H24.Dropped >= 3 && Cdr.Result == \"dropped\"";
        var drops = Enumerable.Range(0, 3).Select(i => Voice(Alice, Bob, T0.AddHours(i * 5), 30, CallResult.Dropped)).ToArray();

        Assert.False(Holds(rule, After(drops[..2])));
        Assert.True(Holds(rule, After(drops)));
        Assert.False(Holds(rule, After([.. drops, Voice(Alice, Bob, T0.AddHours(11), 30)])));
    }

    [Fact]
    public void Given_the_friends_rule_When_the_same_number_is_called_3_times_within_30_minutes_Then_it_holds()
    {
        const string rule = "CallsToSameNumberWithin(30) >= 3";
        var spread = new[] { Voice(Alice, Bob, T0, 60), Voice(Alice, Bob, T0.AddMinutes(20), 60), Voice(Alice, Bob, T0.AddMinutes(40), 60) };
        var close = new[] { Voice(Alice, Bob, T0, 60), Voice(Alice, Carol, T0.AddMinutes(5), 60), Voice(Alice, Bob, T0.AddMinutes(10), 60), Voice(Alice, Bob, T0.AddMinutes(25), 60) };

        Assert.False(Holds(rule, After(spread)));
        Assert.True(Holds(rule, After(close)));
    }

    [Fact]
    public void Given_the_data_rule_When_a_free_subscriber_uses_more_than_a_gigabyte_in_24h_Then_it_holds()
    {
        const string rule = "Tier == \"Free\" && H24.DataBytes > 1000000000";

        Assert.False(Holds(rule, After(Data(Alice, T0, 600_000_000))));
        Assert.True(Holds(rule, After(Data(Alice, T0, 600_000_000), Data(Alice, T0.AddHours(2), 500_000_000))));
    }

    [Fact]
    public void Given_profile_and_cdr_facts_When_used_in_a_rule_Then_they_read_as_documented()
    {
        var view = After(Voice(Alice, "+4915112345678", T0, 90, country: "DE", roaming: true));

        Assert.True(Holds("Plan == \"Prepaid\" && Region in (\"London\", \"Wales\") && Age >= 18 && SignupDays > 300", view));
        Assert.True(Holds("Cdr.Type == \"voice\" && Cdr.International && Cdr.Roaming && Cdr.DurationSeconds == 90 && Cdr.Hour == 10", view));
        Assert.True(Holds("Math.Max(VoiceCalls, Sms) == 1 && Msisdn.StartsWith(\"+4477\") && Spend > 0.05", view));
    }

    [Theory]
    [InlineData("GetType().Name == \"RuleView\"")]
    [InlineData("Msisdn.GetType().Assembly.FullName != \"\"")]
    [InlineData("System.IO.File.Exists(\"/etc/passwd\")")]
    [InlineData("Activator.CreateInstance(\"x\", \"y\") != null")]
    [InlineData("Type.GetType(\"System.IO.File\") != null")]
    [InlineData("Enumerable.Range(0, 2000000000).Count() > 0")]
    [InlineData("Msisdn.ToCharArray().Any(c => c == '7')")]
    [InlineData("Msisdn.Replace(\"7\", \"8\") == \"\"")]
    [InlineData("new(1 as X).X == 1")]
    [InlineData("Environment.Exit(1) == null")]
    public void Given_a_rule_that_reaches_outside_the_view_When_compiled_Then_it_is_refused_with_what_a_rule_can_use(string rule)
    {
        Assert.False(RuleCompiler.TryCompile(rule, out var compiled, out var error));
        Assert.Null(compiled);
        Assert.Contains("A rule can use: ", error!.Message);
    }

    [Fact]
    public void Given_a_misspelt_name_When_compiled_Then_the_error_gives_the_position_and_the_available_names()
    {
        var error = RuleCompiler.Validate("Tier == \"Free\" && H24.VoiceMinuts > 60");

        Assert.NotNull(error);
        Assert.Equal(22, error.Position);
        Assert.Contains("VoiceMinuts", error.Message);
        Assert.Contains("H1|H24|D7|D30.VoiceMinutes", error.Message);
        Assert.Contains("CallsToSameNumberWithin(minutes)", error.Message);
    }

    [Theory]
    [InlineData("", "the rule is empty")]
    [InlineData("H24.VoiceMinutes", "bool")]
    [InlineData("Tier == ", "position")]
    public void Given_an_empty_non_boolean_or_broken_rule_When_compiled_Then_it_is_refused_with_a_reason(string rule, string expected)
    {
        Assert.Contains(expected, RuleCompiler.Validate(rule)!.Message, StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class RecentCallsTests
{
    private static readonly DateTime T = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Given_calls_over_more_than_an_hour_When_added_Then_only_the_last_hour_is_kept()
    {
        var recent = new RecentCalls();
        recent.Add(1, T, T);
        recent.Add(2, T.AddMinutes(30), T.AddMinutes(30));
        recent.Add(3, T.AddMinutes(10), T.AddMinutes(30));
        Assert.Equal([1L, 3L, 2L], recent.Calls.Select(c => c.CalleeKey));

        recent.Add(1, T.AddMinutes(70), T.AddMinutes(70));

        Assert.Equal([2L, 1L], recent.Calls.Select(c => c.CalleeKey));
        Assert.Equal(1, recent.MostToOneNumber(T.AddMinutes(5)));
    }

    [Fact]
    public void Given_more_calls_than_the_capacity_When_added_Then_the_oldest_go()
    {
        var recent = new RecentCalls();
        for (var i = 0; i < RecentCalls.Capacity + 10; i++)
        {
            recent.Add(i % 2, T.AddSeconds(i), T.AddSeconds(i));
        }

        Assert.Equal(RecentCalls.Capacity, recent.Calls.Count);
        Assert.Equal(T.AddSeconds(10).Ticks, recent.Calls[0].StartTicks);
        Assert.Equal(RecentCalls.Capacity / 2, recent.MostToOneNumber(T.AddHours(-1)));
    }
}
