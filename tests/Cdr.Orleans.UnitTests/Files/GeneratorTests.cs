using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain.Cdrs;
using Cdr.Orleans.Generator.Running;
using Cdr.Orleans.Generator.Synthesis;

namespace Cdr.Orleans.Tests.Files;

public sealed class GeneratorTests
{
    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private static List<CallDetailRecord> Generate(int seed, int count, int subscribers = 500, double perSimSecond = 1.0)
    {
        var population = Population.Create(subscribers, seed, DateOnly.FromDateTime(Start));
        var synthesizer = new CdrSynthesizer(population, seed, Start, perSimSecond);
        return [.. Enumerable.Range(0, count).Select(_ => synthesizer.Next())];
    }

    [Fact]
    public void Given_the_same_seed_When_generated_twice_Then_subscribers_and_cdrs_are_identical()
    {
        var a = Population.Create(300, 9, DateOnly.FromDateTime(Start));
        var b = Population.Create(300, 9, DateOnly.FromDateTime(Start));

        Assert.Equal(a.Profiles(), b.Profiles());
        Assert.Equal(Generate(9, 2_000), Generate(9, 2_000));
        Assert.NotEqual(Generate(9, 200).Select(c => c.Caller), Generate(10, 200).Select(c => c.Caller));
    }

    [Fact]
    public void Given_generated_cdrs_When_validated_Then_every_one_passes_and_times_never_go_backwards()
    {
        var cdrs = Generate(3, 5_000);

        Assert.All(cdrs, c => Assert.Null(CdrValidator.ValidateShape(c)));
        Assert.True(cdrs.Zip(cdrs.Skip(1)).All(p => p.First.StartUtc <= p.Second.StartUtc));
        Assert.Equal(5_000, cdrs.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public void Given_a_population_When_cdrs_are_generated_Then_the_shape_is_realistic()
    {
        var cdrs = Generate(5, 40_000, subscribers: 1_000, perSimSecond: 40_000 / 86_400.0); // one simulated day
        var byCaller = cdrs.GroupBy(c => c.Caller).Select(g => g.Count()).OrderDescending().ToArray();
        var topTenthShare = byCaller.Take(byCaller.Length / 10).Sum() / (double)cdrs.Count;
        var eveningPerHour = cdrs.Count(c => c.StartUtc.Hour is >= 17 and < 21) / 4.0;
        var nightPerHour = cdrs.Count(c => c.StartUtc.Hour is >= 1 and < 5) / 4.0;
        var voice = cdrs.Where(c => c.Type == CdrType.Voice && c.Result == CallResult.Answered).Select(c => c.DurationSeconds).Order().ToArray();

        Assert.InRange(topTenthShare, 0.30, 0.80);                                   // skewed: a tenth makes a third or more
        Assert.InRange(eveningPerHour / nightPerHour, 5, 30);                       // evening peak, quiet night
        Assert.InRange(voice[voice.Length * 99 / 100] / (double)voice[voice.Length / 2], 5, 40);  // heavy tail
        Assert.Contains(cdrs, c => c.CalleeCountry != "GB" && c.Type != CdrType.Data);
        Assert.Contains(cdrs, c => c.Roaming);
        Assert.All(Enum.GetValues<CdrType>().Where(t => !CdrNames.IsEvent(t)), t => Assert.Contains(cdrs, c => c.Type == t));
        Assert.DoesNotContain(cdrs, c => CdrNames.IsEvent(c.Type)); // events only when asked for
        Assert.All(Enum.GetValues<CallResult>(), r => Assert.Contains(cdrs, c => c.Result == r));
        // International calls go to every destination, roughly by weight (India first): they all went to the first
        // one while the weights were percentages, which Bogus's WeightedRandom took as "always the first".
        var destinations = cdrs.Where(c => c.CalleeCountry != "GB" && c.Type != CdrType.Data).GroupBy(c => c.CalleeCountry).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(World.Destinations.Select(d => d.Country).Order(), destinations.Keys.Order());
        Assert.Equal("IN", destinations.MaxBy(d => d.Value).Key);
    }

    [Fact]
    public void Given_events_When_generated_Then_each_plan_and_persona_has_its_own_and_the_cdrs_are_those_without_events()
    {
        var population = Population.Create(1_000, 5, DateOnly.FromDateTime(Start));
        var withEvents = new CdrSynthesizer(population, 5, Start, 40_000 / 86_400.0, accounts: new AccountSimulator(population, 5));
        var records = Enumerable.Range(0, 60_000).Select(_ => withEvents.Next()).ToList();
        var events = records.Where(r => CdrNames.IsEvent(r.Type)).ToList();
        var cdrs = records.Where(r => !CdrNames.IsEvent(r.Type)).ToList();
        var plans = population.Msisdns.Select((m, i) => (m, population.Plans[i])).ToDictionary(p => p.m, p => p.Item2);
        var personas = population.Msisdns.Select((m, i) => (m, population.Personas[i])).ToDictionary(p => p.m, p => p.Item2);

        Assert.All(records, r => Assert.Null(CdrValidator.ValidateShape(r)));
        Assert.Equal(records.Count, records.Select(r => r.Id).Distinct().Count());
        Assert.True(records.Zip(records.Skip(1)).All(p => p.First.StartUtc <= p.Second.StartUtc));
        Assert.Equal(events.Count, withEvents.EventsMade);
        Assert.All(Enum.GetValues<CdrType>().Where(CdrNames.IsEvent), t => Assert.Contains(events, e => e.Type == t));
        // Prepaid subscribers have a balance and top up; postpaid ones a bundle.
        Assert.All(events.Where(e => e.Type is CdrType.TopUp or CdrType.Balance), e => Assert.Equal(Plan.Prepaid, plans[e.Caller]));
        Assert.All(events.Where(e => e.Type == CdrType.Bundle), e => Assert.Equal(Plan.Postpaid, plans[e.Caller]));
        // Each subscriber tops up around its own habit: the balance before a top-up is below it.
        Assert.All(events.Where(e => e.Type == CdrType.TopUp), e => Assert.True(e.Event!.Balance - e.Event.Amount < 5.01m));
        // A trip starts with a registration abroad; the subscriber's CDRs roam until it registers at home again.
        var abroad = new Dictionary<string, bool>();
        foreach (var r in records)
        {
            if (r.Type == CdrType.Registration)
            {
                abroad[r.Caller] = r.Event!.Country != "GB";
            }
            else if (!CdrNames.IsEvent(r.Type))
            {
                Assert.Equal(abroad.GetValueOrDefault(r.Caller), r.Roaming);
            }
        }
        var tripsPerSubscriber = events.Where(e => e.Type == CdrType.Registration && e.Event!.Country != "GB")
            .GroupBy(e => personas[e.Caller]).ToDictionary(g => g.Key, g => g.Count() / (double)population.Personas.Count(p => p == g.Key));
        Assert.True(tripsPerSubscriber[Persona.InternationalCaller] > 2 * tripsPerSubscriber.GetValueOrDefault(Persona.Regular));
        // The CDRs are those a run without events makes, roaming aside (trips decide it, and it changes the region and the charge).
        var without = new CdrSynthesizer(population, 5, Start, 40_000 / 86_400.0);
        Assert.All(cdrs.Take(20_000), c => Assert.Equal(without.Next() with { Id = c.Id, Roaming = c.Roaming, Region = c.Region, Charge = c.Charge }, c));
    }

    [Fact]
    public void Given_a_population_When_created_Then_regions_and_operators_follow_their_weights()
    {
        var profiles = Population.Create(5_000, seed: 3, new DateOnly(2026, 11, 23)).Profiles().ToList();
        var operators = profiles.GroupBy(p => p.Operator).ToDictionary(g => g.Key, g => g.Count() / (double)profiles.Count);
        var regions = profiles.GroupBy(p => p.HomeRegion).ToDictionary(g => g.Key, g => g.Count() / (double)profiles.Count);

        Assert.Equal(World.Operators.Length, operators.Count);
        Assert.All(World.Operators, o => Assert.InRange(operators[o.Name], o.Weight / 100 - 0.03, o.Weight / 100 + 0.03));
        Assert.Equal(World.Regions.Length, regions.Count);
        Assert.All(World.Regions, r => Assert.InRange(regions[r.Name], r.Weight / 100 - 0.03, r.Weight / 100 + 0.03));
    }

    [Fact]
    public void Given_a_count_and_no_start_When_the_start_is_chosen_Then_the_run_ends_before_now()
    {
        var now = new DateTime(2026, 11, 23, 6, 30, 0, DateTimeKind.Utc);
        var settings = new LoadSettings { Subscribers = 2_000, Count = 20_000, Rate = 5_000 };
        var population = Population.Create(settings.Subscribers, 1, DateOnly.FromDateTime(now));
        var synthesizer = new CdrSynthesizer(population, 1, settings.StartFor(now), settings.Intensity);

        for (var i = 0; i < 20_000; i++)
        {
            synthesizer.Next();
        }

        Assert.InRange(synthesizer.SimulatedNow, now.AddMinutes(-30), now);
    }

    [Theory]
    [InlineData(0, "--subscribers is 0; accepted: 1 to 100000000")]
    [InlineData(-1, "--rate is -1; accepted: 0 (as fast as the engine takes) or more CDRs per second")]
    public void Given_a_bad_option_When_validated_Then_the_message_says_what_is_accepted(int value, string expected)
    {
        var settings = value == 0 ? new LoadSettings { Subscribers = 0 } : new LoadSettings { Rate = value };

        Assert.Equal(expected, settings.Validate());
    }
}
