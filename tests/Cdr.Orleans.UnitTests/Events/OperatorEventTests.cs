using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Domain.Campaigns;
using Cdr.Orleans.Domain.Cdrs;
using Cdr.Orleans.Domain.Files;
using Cdr.Orleans.Domain.Rules;
using Cdr.Orleans.Tests.Campaigns;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Events;

/// <summary>The operator's events: what the fold keeps of them, what rules read, how files and the validator take them.</summary>
public sealed class OperatorEventTests
{
    private static readonly SubscriberProfile Prepaid = new(Alice, "Alice", 30, Gender.Female, "London", "Northwind Mobile", Plan.Prepaid, Tier.Free, new DateOnly(2025, 1, 1));

    private static SubscriberState Fold(params CallDetailRecord[] records)
    {
        var state = new SubscriberState { Profile = Prepaid };
        foreach (var record in records)
        {
            Assert.Null(CdrValidator.ValidateShape(record));
            SubscriberFold.ApplyOutgoing(state, record, HomeNetwork.Default);
        }
        return state;
    }

    private static bool Holds(string rule, SubscriberState state, CallDetailRecord trigger)
    {
        Assert.True(RuleCompiler.TryCompile(rule, out var compiled, out var error), error?.Message);
        return compiled!.Evaluate(new RuleView(state, trigger, HomeNetwork.Default));
    }

    /// <summary>Whether the shipped campaign's trigger holds right after each record, folded in order.</summary>
    private static bool[] Triggers(string campaign, params CallDetailRecord[] records)
    {
        var definition = ShippedCampaigns.Load(campaign);
        var state = new SubscriberState { Profile = Prepaid };
        var fired = new bool[records.Length];
        for (var i = 0; i < records.Length; i++)
        {
            SubscriberFold.ApplyOutgoing(state, records[i], HomeNetwork.Default);
            fired[i] = Holds(definition.Trigger, state, records[i]);
        }
        return fired;
    }

    [Fact]
    public void Given_balances_and_top_ups_When_folded_Then_the_balance_its_lows_and_the_usual_balance_before_a_top_up_are_kept()
    {
        var state = Fold(
            Balance(Alice, T0, 6.00m),
            Balance(Alice, T0.AddHours(2), 1.50m),
            TopUp(Alice, T0.AddHours(3), 10m),                              // balance before: the latest known, 1.50
            Balance(Alice, T0.AddDays(1), 3.10m),
            TopUp(Alice, T0.AddDays(1).AddHours(1), 20m, balanceAfter: 22.50m), // before: what it says minus the amount, 2.50
            Balance(Alice, T0.AddHours(1), 0.40m));                         // late: a low of its day, not the balance now
        var account = state.Account!;
        var trigger = Balance(Alice, T0.AddDays(1).AddHours(2), 22.50m);

        Assert.Equal(22.50m, account.Balance);
        Assert.Equal(2, account.TopUps);
        Assert.Equal(30m, account.TopUpAmount);
        Assert.Equal(2.00m, account.AverageBalanceBeforeTopUp);
        Assert.True(Holds("HasBalance && Balance == 22.5 && TopUps == 2 && LastTopUpAmount == 20 && AverageBalanceBeforeTopUp == 2", state, trigger));
        Assert.True(Holds("LowestBalanceWithin(1) == 3.10 && LowestBalanceWithin(2) == 0.40 && DaysSinceTopUp == 0 && TopUpsWithin(1) == 2 && TopUpsWithin(90) == 2", state, trigger));
        Assert.True(Holds("LastEvent == \"top_up\"", state, trigger)); // the late balance is not the latest event
        Assert.Equal(6, account.Events);
        Assert.Equal(0, state.CdrsApplied); // events are not CDRs
    }

    [Fact]
    public void Given_bundle_events_When_folded_Then_the_share_before_shows_a_line_crossed_once_and_a_renewal_starts_from_nothing()
    {
        var renewal = T0.AddDays(10);
        var records = new[]
        {
            Bundle(Alice, T0, 5_000_000_000, 3_500_000_000, renewal),
            Bundle(Alice, T0.AddHours(1), 5_000_000_000, 4_100_000_000, renewal), // 70% -> 82%: crosses 80%
            Bundle(Alice, T0.AddHours(2), 5_000_000_000, 4_500_000_000, renewal), // 82% -> 90%: past it already
            Bundle(Alice, renewal, 5_000_000_000, 0, renewal.AddMonths(1)),       // renewed
            Bundle(Alice, renewal.AddDays(1), 5_000_000_000, 4_200_000_000, renewal.AddMonths(1)),
        };

        Assert.Equal([false, true, false, false, true], Triggers("bundle-upsell", records));
        var state = Fold(records);
        Assert.True(Holds("HasBundle && BundleShare == 0.84 && BundleAllowanceMb == 5000 && BundleUsedMb == 4200 && BundleDaysToRenewal == 30", state, records[^1]));
        Assert.True(Holds("Event.Kind == \"bundle\" && Event.BundleShare == 0.84 && Cdr.Type == \"bundle\" && Cdr.Result == \"\"", state, records[^1]));
    }

    [Fact]
    public void Given_registrations_When_folded_Then_entry_moving_on_and_return_are_told_apart_and_a_trip_counts_once()
    {
        var records = new[]
        {
            Registration(Alice, T0, "GB"),                 // at home: nothing
            Registration(Alice, T0.AddHours(1), "FR"),     // entry
            Registration(Alice, T0.AddHours(2), "FR"),     // the same country again
            Registration(Alice, T0.AddHours(30), "ES"),    // on to a third country: entered, same trip
            Registration(Alice, T0.AddDays(5), "GB"),      // return
            Registration(Alice, T0.AddHours(3), "DE"),     // late: changes nothing
        };

        Assert.Equal([false, true, false, true, false, false], Triggers("roaming-welcome", records));
        var state = Fold(records[..4]);
        var call = Voice(Alice, Bob, T0.AddHours(31), 60, roaming: true);
        Assert.True(Holds("RoamingNow && VisitedCountry == \"ES\" && RoamingHours == 30 && Trips == 1", state, call));
        Assert.True(Holds("Event.Kind == \"\" && !Event.Entered && Event.Country == \"\"", state, call));
        state = Fold(records);
        Assert.True(Holds("!RoamingNow && VisitedCountry == \"\" && Trips == 1 && RoamingHours == 0", state, records[4]));
        Assert.True(Holds("Event.Returned", Fold(records[..5]), records[4]));
    }

    [Fact]
    public void Given_device_changes_When_folded_Then_the_device_its_age_and_the_one_before_are_kept()
    {
        var first = DeviceChange(Alice, T0, "Apple iPhone 14");
        var second = DeviceChange(Alice, T0.AddDays(400), "Google Pixel 8");
        var repeat = DeviceChange(Alice, T0.AddDays(401), "Google Pixel 8");
        var state = Fold(first, second, repeat);

        Assert.True(Holds("Device == \"Google Pixel 8\" && DeviceChanges == 2 && DeviceDays == 1", state, repeat));
        Assert.True(Holds("Event.Device == \"Google Pixel 8\" && Event.PreviousDevice == \"\"", state, repeat));
        Assert.True(Holds("Event.PreviousDevice == \"Apple iPhone 14\"", Fold(first, second), second));
        Assert.True(Holds("DeviceDays == -1 && Device == \"\" && !HasBalance && !HasBundle && TopUps == 0 && DaysSinceTopUp == -1 && LastEvent == \"\"",
            new SubscriberState(), Voice(Alice, Bob, T0, 60)));
    }

    [Fact]
    public void Given_the_prepaid_campaigns_When_a_balance_falls_Then_each_fires_once_at_its_own_line()
    {
        // Alice usually tops up at about 2.00: a fall below it is the incentive's moment, below 1.00 the advance's.
        var records = new[]
        {
            TopUp(Alice, T0, 10m, balanceAfter: 12m),        // before: 2.00
            TopUp(Alice, T0.AddDays(3), 10m, balanceAfter: 12.40m), // before: 2.40
            Balance(Alice, T0.AddDays(4), 5.00m),
            Balance(Alice, T0.AddDays(5), 2.10m),            // below the usual 2.20
            Balance(Alice, T0.AddDays(5).AddHours(1), 1.60m),
            Balance(Alice, T0.AddDays(5).AddHours(2), 0.70m),  // below 1.00
            Balance(Alice, T0.AddDays(5).AddHours(3), 0.20m),
        };

        Assert.Equal([false, false, false, true, false, false, false], Triggers("top-up-incentive", records));
        Assert.Equal([false, false, false, false, false, true, false], Triggers("low-credit-advance", records));
    }

    [Fact]
    public void Given_a_campaign_about_cdrs_and_one_about_events_When_an_event_is_folded_Then_only_the_one_about_events_is_evaluated()
    {
        var usage = ShippedCampaigns.Compile(ShippedCampaigns.Load("data-addon") with { Id = "usage", Eligibility = new(), Trigger = "VoiceCalls >= 0" });
        var advance = ShippedCampaigns.Compile(ShippedCampaigns.Load("low-credit-advance") with { Eligibility = new() { Rule = "LowestBalanceWithin(7) < 5" } });
        var set = new CampaignSet(1, [usage, advance]);
        var state = new SubscriberState { Profile = Prepaid };
        SubscriberFold.ApplyOutgoing(state, Balance(Alice, T0.AddHours(-1), 2m), HomeNetwork.Default);
        var balance = Balance(Alice, T0, 0.5m);
        SubscriberFold.ApplyOutgoing(state, balance, HomeNetwork.Default);

        var onEvent = CampaignEvaluator.Evaluate(set, state, balance, HomeNetwork.Default, new CampaignChoice());
        var call = Voice(Alice, Bob, T0.AddMinutes(1), 60);
        SubscriberFold.ApplyOutgoing(state, call, HomeNetwork.Default);
        CampaignEvaluator.Evaluate(set, state, call, HomeNetwork.Default, new CampaignChoice());

        Assert.True(onEvent);
        Assert.False(usage.ReadsEvents);
        Assert.True(advance.ReadsEvents); // by its eligibility's helper, as much as by its trigger
        Assert.Equal(1, usage.Tally.Snapshot().Evaluated);   // the call only
        Assert.Equal(2, advance.Tally.Snapshot().Evaluated); // the event and the call
    }

    [Fact]
    public void Given_the_shipped_event_campaigns_When_backtested_over_generated_events_Then_each_makes_offers()
    {
        var population = Generator.Synthesis.Population.Create(2_000, 8, new DateOnly(2026, 11, 1));
        var start = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var synthesizer = new Generator.Synthesis.CdrSynthesizer(population, 8, start, 2_000 * 40 / 86_400.0,
            accounts: new Generator.Synthesis.AccountSimulator(population, 8));
        var ids = new[] { "low-credit-advance", "bundle-upsell", "roaming-welcome", "top-up-incentive" };
        var backtest = new CampaignBacktest(ids.Select(ShippedCampaigns.Load), HomeNetwork.Default, new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), TimeSpan.Zero);
        foreach (var profile in population.Profiles())
        {
            backtest.AddProfile(profile);
        }
        for (var i = 0; i < 400_000; i++)
        {
            backtest.Apply(synthesizer.Next());
        }

        var result = backtest.Result();
        Assert.Empty(result.Rejected);
        Assert.All(ids, id => Assert.True(result.Results[id].Sent > 0, $"{id} sent nothing: {result.Results[id]}"));
        Assert.All(result.Decisions.Where(d => d.CampaignId is "low-credit-advance" or "top-up-incentive"),
            d => Assert.Equal(Plan.Prepaid, population.Plans[Array.IndexOf(population.Msisdns, d.Msisdn)]));
    }

    [Theory]
    [InlineData(CdrType.TopUp, -5, null, null, "bad-amount: top-up amount -5 is negative; a top-up adds credit: give an amount above 0 up to 1000000")]
    [InlineData(CdrType.TopUp, 0, null, null, "bad-amount: top-up amount 0 is outside 0 (excluded)..1000000")]
    [InlineData(CdrType.Balance, 0, null, null, "bad-balance: a balance event has no balance; give the account's balance after the charge, e.g. 2.35")]
    [InlineData(CdrType.Balance, 0, "2000000", null, "bad-balance: balance balance 2000000 is outside -1000000..1000000")]
    [InlineData(CdrType.Registration, 0, null, "France", "bad-country: registration country 'France' is not an ISO 3166 alpha-2 code such as FR (the home country's code marks the return)")]
    [InlineData(CdrType.Registration, 0, null, null, "bad-country: registration country '' is not an ISO 3166 alpha-2 code such as FR (the home country's code marks the return)")]
    public void Given_an_event_with_bad_figures_When_validated_Then_the_message_says_what_is_accepted(CdrType kind, int amount, string? balance, string? country, string expected)
    {
        var e = new OperatorEvent(Amount: amount, Balance: balance is null ? null : decimal.Parse(balance, System.Globalization.CultureInfo.InvariantCulture), Country: country);

        Assert.Equal(expected, CdrValidator.ValidateShape(Event(Alice, T0, kind, e))?.ToString());
    }

    [Fact]
    public void Given_events_without_figures_or_with_bad_ones_When_validated_Then_each_is_refused_with_its_reason()
    {
        Assert.Equal("bad-event", CdrValidator.ValidateShape(TopUp(Alice, T0, 5) with { Event = null })?.Code);
        Assert.Equal("bad-bundle", CdrValidator.ValidateShape(Bundle(Alice, T0, 0, 10))?.Code);
        Assert.Equal("bad-bundle", CdrValidator.ValidateShape(Bundle(Alice, T0, 100, -1))?.Code);
        Assert.Equal("bad-device", CdrValidator.ValidateShape(DeviceChange(Alice, T0, " "))?.Code);
        Assert.Equal("bad-device", CdrValidator.ValidateShape(DeviceChange(Alice, T0, "<script>"))?.Code);
        Assert.Equal("bad-channel", CdrValidator.ValidateShape(TopUp(Alice, T0, 5, channel: "a;b"))?.Code);
        Assert.Equal("unknown-type", CdrValidator.ValidateShape(Balance(Alice, T0, 1) with { Type = (CdrType)42 })?.Code);
    }

    [Fact]
    public void Given_events_in_the_engine_csv_When_written_and_read_Then_they_come_back_the_same_and_mixed_with_cdrs()
    {
        var records = new[]
        {
            TopUp(Alice, T0, 10.5m, balanceAfter: 12.75m, channel: "app"),
            Balance(Alice, T0.AddMinutes(1), -0.25m),
            Bundle(Alice, T0.AddMinutes(2), 5_000_000_000, 1_234, T0.AddDays(9)),
            Registration(Alice, T0.AddMinutes(3), "FR"),
            DeviceChange(Alice, T0.AddMinutes(4), "Samsung Galaxy S24"),
            Voice(Alice, Bob, T0.AddMinutes(5), 60),
        };
        var layout = CdrCsv.ReadHeader(CdrCsv.Header, "mixed.csv");

        var read = records.Select((r, i) => CdrCsv.Parse(layout, CdrCsv.Format(r), i + 2, out _)).ToList();

        Assert.Equal(records, read);
    }

    [Fact]
    public void Given_a_file_of_events_alone_When_read_Then_its_rows_are_events_and_a_cdr_row_or_a_bad_value_says_what_is_wrong()
    {
        var layout = CdrCsv.ReadHeader("caller,type,start_utc,amount,balance,channel,country", "ocs.csv");

        var topUp = CdrCsv.Parse(layout, "+447700000001,top-up,2026-11-23T10:00:00Z,15.00,17.20,voucher,", 2, out var error);
        Assert.Null(error);
        Assert.Equal(new OperatorEvent(Amount: 15m, Balance: 17.20m, Channel: "voucher"), topUp!.Event);
        Assert.Equal("ocs.csv:2", topUp.Id);
        Assert.Equal(CdrType.Registration, CdrCsv.Parse(layout, "+447700000001,registration,2026-11-23T11:00:00Z,,,,fr", 3, out _)!.Type);

        Assert.Null(CdrCsv.Parse(layout, "+447700000001,voice,2026-11-23T10:00:00Z,,,,", 4, out error));
        Assert.Equal("bad-csv: line 4: a voice CDR needs the callee and duration_s columns, which this file of events has not", error!.ToString());
        Assert.Null(CdrCsv.Parse(layout, "+447700000001,top_up,2026-11-23T10:00:00Z,ten,,,", 5, out error));
        Assert.Equal("bad-amount: line 5: amount 'ten' is not a number such as 10.00", error!.ToString());
        Assert.Null(CdrCsv.Parse(layout, "+447700000001,top_up,2026-11-23T10:00:00Z,-10,,,", 6, out error));
        Assert.StartsWith("bad-amount: line 6: top-up amount -10 is negative", error!.ToString());
        Assert.Null(CdrCsv.Parse(layout, "+447700000001,refund,2026-11-23T10:00:00Z,1,,,", 7, out error));
        Assert.Equal("unknown-type", error!.Code);

        var header = Assert.Throws<FormatException>(() => CdrCsv.ReadHeader("caller,amount", "ocs.csv"));
        Assert.Contains("lacks column(s) type, start_utc", header.Message);
    }

    [Theory]
    [InlineData("events.md")]
    [InlineData("file-formats.md")]
    public void Given_the_csv_examples_of_the_docs_When_read_Then_every_row_is_accepted(string doc)
    {
        var lines = File.ReadAllLines(RepositoryFiles.PathOf("docs", doc));
        var examples = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("id,caller,", StringComparison.Ordinal) && !lines[i].StartsWith("caller,type,", StringComparison.Ordinal))
            {
                continue;
            }
            var layout = CdrCsv.ReadHeader(lines[i], doc);
            for (var row = i + 1; !lines[row].StartsWith("```", StringComparison.Ordinal); row++, examples++)
            {
                Assert.True(CdrCsv.Parse(layout, lines[row], row + 1, out var error) is not null, $"{doc} line {row + 1}: {error}");
            }
        }
        Assert.True(examples >= 3, $"{doc} should show rows of the CSV");
    }

    [Theory]
    [InlineData("TopUpsWithin(0) > 0", "TopUpsWithin(0), whose argument is not a number of days; accepted: a whole number from 1 to 90, e.g. TopUpsWithin(30)")]
    [InlineData("LowestBalanceWithin(30) < 1", "LowestBalanceWithin(30), whose argument is not a number of days; accepted: a whole number from 1 to 8, e.g. LowestBalanceWithin(7)")]
    [InlineData("Event.Nope", "No property or field 'Nope' exists in type 'EventFacts'")]
    public void Given_a_rule_that_misuses_the_event_names_When_compiled_Then_it_is_refused_with_what_is_accepted(string rule, string expected)
    {
        Assert.False(RuleCompiler.TryCompile(rule, out _, out var error));
        Assert.Contains(expected, error!.Message);
    }

    [Fact]
    public void Given_the_list_of_names_When_shown_Then_the_event_names_are_in_it()
    {
        Assert.Contains("Event.Kind", RuleCompiler.Available);
        Assert.Contains("AverageBalanceBeforeTopUp", RuleCompiler.Available);
        Assert.Contains("TopUpsWithin(days)", RuleCompiler.Available);
        Assert.DoesNotContain("Account", RuleCompiler.Available.Split(", "));
    }
}
