using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Domain;

/// <summary>A subscriber's time zone (profile, else number) and the local time its parts of the day and best time are counted in.</summary>
public sealed class SubscriberZonesTests
{
    [Theory]
    [InlineData("+447700900123", null, "Europe/London")]       // a UK mobile: London, not the islands' zones that share its prefix
    [InlineData("+12125550123", null, "America/New_York")]     // a New York area code
    [InlineData("+13105550123", null, "America/Los_Angeles")]  // a Los Angeles one
    [InlineData("+34612345678", null, "Europe/Madrid")]
    [InlineData("+34612345678", "Atlantic/Canary", "Atlantic/Canary")] // the profile settles it
    [InlineData("+447700900123", "Mars/Olympus_Mons", "Europe/London")] // a zone no system knows: from the number
    [InlineData("+999123456789", null, "UTC")]                // no country
    public void Given_a_number_and_a_profile_zone_When_the_zone_is_found_Then_it_is_the_expected_one(string msisdn, string? profileZone, string expected) =>
        Assert.Equal(expected, SubscriberZones.Of(msisdn, profileZone).Id);

    [Fact]
    public void Given_calls_at_the_same_utc_hour_When_folded_for_subscribers_in_two_zones_Then_each_counts_its_own_part_of_day_and_best_time()
    {
        var at = new DateTime(2026, 11, 23, 23, 30, 0, DateTimeKind.Utc); // 23:30 in London, 08:30 the next day in Tokyo
        var london = new SubscriberState { Profile = Profile(Alice, "Europe/London") };
        var tokyo = new SubscriberState { Profile = Profile(Bob, "Asia/Tokyo") };

        SubscriberFold.ApplyOutgoing(london, Voice(Alice, Carol, at, 60), HomeNetwork.Default);
        SubscriberFold.ApplyOutgoing(tokyo, Voice(Bob, Carol, at, 60), HomeNetwork.Default);

        Assert.Equal([1, 0, 0, 0], london.PartOfDay); // night
        Assert.Equal([0, 1, 0, 0], tokyo.PartOfDay);  // morning
        var best = SubscriberFold.Snapshot(Bob, tokyo).BestTimeToCall!;
        Assert.Equal((DayOfWeek.Tuesday, 8), (best.Day, best.Hour));
        Assert.Equal("Asia/Tokyo", SubscriberFold.Snapshot(Bob, tokyo).TimeZone);
    }

    private static SubscriberProfile Profile(string msisdn, string zone) =>
        new(msisdn, "Test", 30, Gender.Female, "London", "Northwind Mobile", Plan.Prepaid, Tier.Free, new DateOnly(2024, 1, 1), zone);
}
