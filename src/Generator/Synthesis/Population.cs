using Bogus;
using Cdr.Orleans.Contracts.Subscribers;

namespace Cdr.Orleans.Generator.Synthesis;

/// <summary>
/// The subscribers of a simulation, deterministic for a seed. Holds only what CDR synthesis needs, in compact arrays
/// (a million subscribers cost ~100 MB); full profiles are made again on demand by <see cref="Profiles"/>.
/// Activity is skewed: weights are heavy-tailed (Pareto), so a few subscribers make most of the calls.
/// </summary>
public sealed class Population
{
    private const int MaxSubscribers = 100_000_000;
    private readonly double[] cumulativeActivity;

    private Population(int seed, DateOnly today, string[] msisdns, Persona[] personas, byte[] regions, byte[] operators,
        Plan[] plans, Tier[] tiers, int[][] contacts, double[] cumulativeActivity)
    {
        Seed = seed;
        Today = today;
        Msisdns = msisdns;
        Personas = personas;
        Regions = regions;
        Operators = operators;
        Plans = plans;
        Tiers = tiers;
        Contacts = contacts;
        this.cumulativeActivity = cumulativeActivity;
    }

    public int Seed { get; }
    public DateOnly Today { get; }
    public int Count => Msisdns.Length;
    public string[] Msisdns { get; }
    public Persona[] Personas { get; }
    public byte[] Regions { get; }
    public byte[] Operators { get; }
    public Plan[] Plans { get; }
    public Tier[] Tiers { get; }

    /// <summary>Each subscriber's friends and family: the other subscribers it calls most (by index).</summary>
    public int[][] Contacts { get; }

    /// <summary>The MSISDN of subscriber <paramref name="index"/>: +4477 and 8 digits, scrambled so neighbours differ.</summary>
    public static string MsisdnOf(int index) =>
        World.SubscriberPrefix + ((index * 7_919_193L + 12_345_677L) % 100_000_000L).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    public static Population Create(int count, int seed, DateOnly today)
    {
        if (count is < 1 or > MaxSubscribers)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"subscribers must be 1 to {MaxSubscribers:N0}");
        }
        var random = new Randomizer(seed);
        var personaWeights = PersonaTraits.All.Select(p => (float)p.PopulationShare).ToArray();
        var personaValues = PersonaTraits.All.Select(p => p.Persona).ToArray();
        var regionIndexes = Enumerable.Range(0, World.Regions.Length).Select(i => (byte)i).ToArray();
        // Bogus's WeightedRandom expects weights that sum to 1 (with percentages it always picked the first: every
        // subscriber lived in London with Northwind Mobile, which the live analytics showed).
        var regionWeights = World.Normalised(World.Regions.Select(r => r.Weight));
        var operatorIndexes = Enumerable.Range(0, World.Operators.Length).Select(i => (byte)i).ToArray();
        var operatorWeights = World.Normalised(World.Operators.Select(o => o.Weight));

        var msisdns = new string[count];
        var personas = new Persona[count];
        var regions = new byte[count];
        var operators = new byte[count];
        var plans = new Plan[count];
        var tiers = new Tier[count];
        var contacts = new int[count][];
        var cumulative = new double[count];
        var total = 0.0;
        for (var i = 0; i < count; i++)
        {
            msisdns[i] = MsisdnOf(i);
            personas[i] = random.WeightedRandom(personaValues, personaWeights);
            regions[i] = random.WeightedRandom(regionIndexes, regionWeights);
            operators[i] = random.WeightedRandom(operatorIndexes, operatorWeights);
            plans[i] = random.Bool(0.45f) ? Plan.Postpaid : Plan.Prepaid;
            tiers[i] = random.WeightedRandom([Tier.Free, Tier.Silver, Tier.Gold], [0.5f, 0.35f, 0.15f]);
            var contactCount = Math.Min(count - 1, random.Number(3, 15));
            var own = new int[contactCount];
            for (var c = 0; c < contactCount; c++)
            {
                // Mostly people nearby in the list (same community), some anywhere.
                var other = random.Bool(0.7f) ? i + random.Number(-500, 500) : random.Number(0, count - 1);
                other = ((other % count) + count) % count;
                own[c] = other == i ? (i + 1) % count : other;
            }
            contacts[i] = own;
            // Pareto(alpha 1.3) weights, capped so that one subscriber cannot take the whole load of a small population.
            var pareto = Math.Min(50.0, Math.Pow(1.0 - random.Double(), -1.0 / 1.3));
            total += PersonaTraits.Of(personas[i]).Activity * pareto;
            cumulative[i] = total;
        }
        return new Population(seed, today, msisdns, personas, regions, operators, plans, tiers, contacts, cumulative);
    }

    /// <summary>A subscriber drawn by activity: busy subscribers are drawn more often.</summary>
    public int PickByActivity(double uniform)
    {
        var target = uniform * cumulativeActivity[^1];
        var index = Array.BinarySearch(cumulativeActivity, target);
        return Math.Min(Count - 1, index >= 0 ? index : ~index);
    }

    /// <summary>Full profiles (names, ages, signup dates from Bogus), the same for the same seed.</summary>
    public IEnumerable<SubscriberProfile> Profiles()
    {
        var faker = new Faker("en_GB") { Random = new Randomizer(Seed + 7) };
        for (var i = 0; i < Count; i++)
        {
            var gender = faker.Random.WeightedRandom([Gender.Female, Gender.Male, Gender.Other], [0.49f, 0.49f, 0.02f]);
            var name = gender == Gender.Male
                ? faker.Name.FullName(Bogus.DataSets.Name.Gender.Male)
                : faker.Name.FullName(Bogus.DataSets.Name.Gender.Female);
            var age = Personas[i] == Persona.NightOwl ? faker.Random.Number(16, 35) : faker.Random.Number(16, 85);
            var signup = Today.AddDays(-faker.Random.Number(0, 8 * 365));
            yield return new SubscriberProfile(
                Msisdns[i], name, age, gender, World.Regions[Regions[i]].Name, World.Operators[Operators[i]].Name,
                Plans[i], Tiers[i], signup);
        }
    }
}
