using Cdr.Orleans.Infrastructure.Files;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Campaigns;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Campaigns;

/// <summary>Each campaign in campaigns/ on hand-made subscribers: it triggers where it should, and only there.</summary>
public sealed class ShippedCampaignTests
{
    [Fact]
    public void Given_the_campaigns_folder_When_each_file_is_read_Then_all_ten_are_valid_and_compile()
    {
        var files = ShippedCampaigns.Files.ToList();

        Assert.Equal(10, files.Count);
        foreach (var file in files)
        {
            var definition = DataFiles.ReadCampaign(file, out var error);
            Assert.True(definition is not null, error);
            Assert.Empty(CampaignValidator.Validate(definition!));
            Assert.Equal(Path.GetFileNameWithoutExtension(file), definition!.Id);
            ShippedCampaigns.Compile(definition);
        }
    }

    [Fact]
    public void Given_a_free_subscriber_When_voice_passes_60_minutes_in_24_hours_Then_the_upgrade_is_offered_once()
    {
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice, Tier.Free), CampaignScenario.Shipped("upgrade-heavy-talkers"));

        scenario.ApplyAll(Enumerable.Range(0, 3).Select(i => Voice(Alice, Bob, T0.AddHours(i), 20 * 60))); // exactly 60 minutes: not more
        Assert.Empty(scenario.Decisions);
        var decision = scenario.Apply(Voice(Alice, Bob, T0.AddHours(4), 60));
        scenario.Apply(Voice(Alice, Bob, T0.AddHours(5), 600));

        Assert.NotNull(decision);
        Assert.Single(scenario.Decisions);
        Assert.Equal(("upgrade-heavy-talkers", OfferOutcome.Sent, "UPG-GOLD-50"), (decision!.CampaignId, decision.Outcome, decision.OfferCode));
        Assert.Equal("61", decision.Values["H24.VoiceMinutes"]);
        Assert.Equal("Free", decision.Values["Tier"]);
    }

    [Fact]
    public void Given_a_gold_subscriber_When_voice_passes_60_minutes_Then_no_upgrade_is_offered()
    {
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice, Tier.Gold), CampaignScenario.Shipped("upgrade-heavy-talkers"));

        scenario.ApplyAll(Enumerable.Range(0, 4).Select(i => Voice(Alice, Bob, T0.AddHours(i), 30 * 60)));

        Assert.Empty(scenario.Decisions);
    }

    [Fact]
    public void Given_international_calls_When_the_third_in_7_days_is_made_Then_the_bundle_is_offered_on_it()
    {
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice), CampaignScenario.Shipped("international-bundle"));

        scenario.Apply(Voice(Alice, "+4915112345678", T0, 60, country: "DE"));
        scenario.Apply(Voice(Alice, "+33612345678", T0.AddDays(2), 60, country: "FR"));
        scenario.Apply(Voice(Alice, Bob, T0.AddDays(3), 60)); // domestic: the trigger needs an international CDR
        Assert.Empty(scenario.Decisions);
        var decision = scenario.Apply(Voice(Alice, "+4915112345678", T0.AddDays(4), 60, country: "DE"));

        Assert.Equal("3", decision?.Values["D7.International"]);
    }

    [Fact]
    public void Given_international_calls_spread_over_more_than_7_days_Then_no_bundle_is_offered()
    {
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice), CampaignScenario.Shipped("international-bundle"));

        scenario.ApplyAll(new[] { 0, 4, 8, 12 }.Select(d => Voice(Alice, "+4915112345678", T0.AddDays(d), 60, country: "DE")));

        Assert.Empty(scenario.Decisions);
    }

    [Fact]
    public void Given_mostly_night_activity_over_7_days_When_the_fourth_cdr_comes_Then_the_night_pack_is_offered()
    {
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice), CampaignScenario.Shipped("night-pack"));
        var night = T0.Date.AddHours(23);

        scenario.Apply(Voice(Alice, Bob, night, 60));
        scenario.Apply(Sms(Alice, Bob, night.AddDays(1)));
        scenario.Apply(Voice(Alice, Bob, T0, 60)); // daytime, 10:00
        var decision = scenario.Apply(Voice(Alice, Bob, night.AddDays(2), 60));

        Assert.Equal("0.75", decision?.Values["D7.NightShare"]);
    }

    [Fact]
    public void Given_mostly_daytime_activity_Then_no_night_pack_is_offered()
    {
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice), CampaignScenario.Shipped("night-pack"));

        scenario.ApplyAll(new[] { T0, T0.AddHours(2), T0.Date.AddHours(23), T0.AddDays(1) }.Select(t => Voice(Alice, Bob, t, 60)));

        Assert.Empty(scenario.Decisions);
    }

    [Fact]
    public void Given_dropped_calls_When_the_third_in_24_hours_drops_Then_the_retention_credit_is_offered_at_once()
    {
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice), CampaignScenario.Shipped("retention-dropped-calls"));

        scenario.Apply(Voice(Alice, Bob, T0, 60, CallResult.Dropped));
        scenario.Apply(Voice(Alice, Bob, T0.AddHours(3), 60, CallResult.Dropped));
        scenario.Apply(Voice(Alice, Bob, T0.AddHours(4), 60));
        var decision = scenario.Apply(Voice(Alice, Bob, T0.AddHours(5), 60, CallResult.Dropped));

        Assert.Equal(("3", "dropped"), (decision?.Values["H24.Dropped"], decision?.Values["Cdr.Result"]));
    }

    [Fact]
    public void Given_three_dropped_calls_over_more_than_24_hours_Then_no_credit_is_offered()
    {
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice), CampaignScenario.Shipped("retention-dropped-calls"));

        scenario.ApplyAll(new[] { 0, 13, 26 }.Select(h => Voice(Alice, Bob, T0.AddHours(h), 60, CallResult.Dropped)));

        Assert.Empty(scenario.Decisions);
    }

    [Fact]
    public void Given_calls_to_one_number_When_the_third_is_within_30_minutes_Then_friends_and_family_is_offered()
    {
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice), CampaignScenario.Shipped("friends-and-family"));

        scenario.Apply(Voice(Alice, Bob, T0, 60));
        scenario.Apply(Voice(Alice, Carol, T0.AddMinutes(5), 60));
        scenario.Apply(Voice(Alice, Bob, T0.AddMinutes(10), 60));
        var decision = scenario.Apply(Voice(Alice, Bob, T0.AddMinutes(25), 60));

        Assert.Equal("3", decision?.Values["CallsToSameNumberWithin(30)"]);
    }

    [Fact]
    public void Given_three_calls_to_one_number_over_an_hour_Then_no_friends_and_family_offer()
    {
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice), CampaignScenario.Shipped("friends-and-family"));

        scenario.ApplyAll(new[] { 0, 25, 50 }.Select(m => Voice(Alice, Bob, T0.AddMinutes(m), 60)));

        Assert.Empty(scenario.Decisions);
    }

    [Fact]
    public void Given_a_free_subscriber_When_data_passes_1_GB_in_24_hours_Then_the_data_add_on_is_offered()
    {
        var scenario = new CampaignScenario(CampaignScenario.Profile(Alice, Tier.Free), CampaignScenario.Shipped("data-addon"));

        scenario.Apply(Data(Alice, T0, 600_000_000));
        var decision = scenario.Apply(Data(Alice, T0.AddHours(6), 600_000_000));

        Assert.Equal("1200000000", decision?.Values["H24.DataBytes"]);
    }

    [Fact]
    public void Given_a_silver_subscriber_or_data_spread_over_two_days_Then_no_data_add_on_is_offered()
    {
        var silver = new CampaignScenario(CampaignScenario.Profile(Alice, Tier.Silver), CampaignScenario.Shipped("data-addon"));
        var spread = new CampaignScenario(CampaignScenario.Profile(Bob, Tier.Free), CampaignScenario.Shipped("data-addon"));

        silver.ApplyAll([Data(Alice, T0, 2_000_000_000)]);
        spread.ApplyAll([Data(Bob, T0, 600_000_000), Data(Bob, T0.AddHours(25), 600_000_000)]);

        Assert.Empty(silver.Decisions);
        Assert.Empty(spread.Decisions);
    }

    [Fact]
    public void Given_no_profile_When_a_tier_campaign_would_trigger_Then_the_subscriber_is_not_eligible()
    {
        var scenario = new CampaignScenario(null, CampaignScenario.Shipped("data-addon"));

        scenario.Apply(Data(Alice, T0, 2_000_000_000));

        Assert.Empty(scenario.Decisions);
    }
}
