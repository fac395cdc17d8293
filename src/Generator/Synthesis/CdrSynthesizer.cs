using System.Globalization;
using Bogus;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Cdrs;

namespace Cdr.Orleans.Generator.Synthesis;

/// <summary>
/// Makes CDRs in simulated-time order, deterministic for (population, seed, start, intensity). The simulated clock
/// advances by 1 / (intensity x diurnal factor) per CDR, so an hour at the evening peak holds about six times the CDRs
/// of an hour at night; each persona shifts who calls at which hour.
/// </summary>
public sealed class CdrSynthesizer
{
    private const int MaxCallSeconds = 4 * 3600;
    private const long MaxDataBytes = 5L << 30;
    private readonly Population population;
    private readonly Randomizer random;
    private readonly DateTime start;
    private readonly double cdrsPerSimSecond;
    private readonly string idPrefix;
    private readonly float[] destinationWeights = World.Normalised(World.Destinations.Select(d => d.Weight));
    private readonly int[] destinationIndexes = Enumerable.Range(0, World.Destinations.Length).ToArray();
    private readonly BusinessDirectory directory;
    private readonly AccountSimulator? accounts;
    private readonly Queue<CallDetailRecord> pending = new();
    private readonly List<CallDetailRecord> before = [], after = [];
    private readonly Func<string> nextId;
    private double elapsedSeconds;
    private long sequence;

    /// <param name="cdrsPerSimSecond">Average CDRs per simulated second over a day (the intensity).</param>
    /// <param name="directory">The listed numbers callers call; default: <see cref="BusinessDirectory.Create"/> for the seed.</param>
    /// <param name="accounts">
    /// Given, the operator's events (top-ups, balances, bundles, trips, devices) come too, from this simulation of the
    /// population's accounts (kept by a caller that makes synthesizers one after another, so balances and trips go on).
    /// </param>
    public CdrSynthesizer(Population population, int seed, DateTime startUtc, double cdrsPerSimSecond, BusinessDirectory? directory = null, AccountSimulator? accounts = null)
    {
        this.accounts = accounts;
        nextId = NextId;
        this.directory = directory ?? BusinessDirectory.Create(seed);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cdrsPerSimSecond);
        this.population = population;
        random = new Randomizer(seed + 1);
        start = DateTime.SpecifyKind(startUtc, DateTimeKind.Utc);
        this.cdrsPerSimSecond = cdrsPerSimSecond;
        idPrefix = string.Create(CultureInfo.InvariantCulture, $"g{seed}-{new DateTimeOffset(start).ToUnixTimeSeconds()}-");
    }

    /// <summary>Records made so far, and how many of them were operator events.</summary>
    public long Made { get; private set; }

    public long EventsMade { get; private set; }

    /// <summary>The simulated time of the next CDR.</summary>
    public DateTime SimulatedNow => start.AddSeconds(Math.Floor(elapsedSeconds));

    public CallDetailRecord Next()
    {
        var record = Make();
        Made++;
        EventsMade += Domain.Cdrs.CdrNames.IsEvent(record.Type) ? 1 : 0;
        return record;
    }

    private CallDetailRecord Make()
    {
        if (pending.Count > 0)
        {
            return pending.Dequeue();
        }
        var now = SimulatedNow;
        var hour = now.Hour;
        elapsedSeconds += 1.0 / (cdrsPerSimSecond * PersonaTraits.Diurnal[hour]);

        var caller = PickCaller(hour);
        var traits = PersonaTraits.Of(population.Personas[caller]);
        var plan = population.Plans[caller];
        var roaming = random.Double() < traits.RoamingShare;
        if (accounts is not null)
        {
            roaming = accounts.Roams(caller, now, traits, before, nextId);
        }
        var home = RegionOf(caller); // drawn abroad too, so that trips (which decide roaming with events) leave the other draws as they were
        var region = roaming ? "Abroad" : home;

        var kind = random.Double();
        var type = kind < traits.VoiceShare ? CdrType.Voice : kind < traits.VoiceShare + traits.SmsShare ? CdrType.Sms : CdrType.Data;
        string callee;
        string calleeCountry;
        int duration;
        long bytes = 0;
        CallResult result;
        decimal charge;
        if (type == CdrType.Data)
        {
            callee = "";
            calleeCountry = "";
            result = random.Double() < 0.03 ? CallResult.Dropped : CallResult.Answered;
            duration = (int)Math.Min(CdrValidator.MaxDurationSeconds, LogNormal(300, 1.0));
            bytes = (long)Math.Min(MaxDataBytes, LogNormal(traits.MedianDataMegabytes * 1_000_000, 1.4));
            charge = Money(bytes / 1_000_000m * (plan == Plan.Prepaid ? 0.02m : 0.01m) * (roaming ? 4 : 1));
        }
        else
        {
            (callee, calleeCountry) = PickCallee(caller, traits);
            var international = calleeCountry != World.HomeCountry;
            if (type == CdrType.Sms)
            {
                duration = 0;
                result = random.Double() < 0.98 ? CallResult.Answered : CallResult.NoAnswer;
                charge = result == CallResult.Answered ? Money((international ? 0.20m : 0.05m) * (roaming ? 3 : 1)) : 0m;
            }
            else
            {
                result = VoiceResult(traits);
                duration = result switch
                {
                    CallResult.Answered => (int)Math.Min(MaxCallSeconds, Math.Max(1, LogNormal(traits.MedianCallSeconds, 1.1))),
                    CallResult.Dropped => (int)Math.Min(MaxCallSeconds, Math.Max(1, LogNormal(40, 1.0))),
                    _ => 0,
                };
                var perMinute = international ? 0.60m : plan == Plan.Prepaid ? 0.08m : 0.04m;
                var minutes = (duration + 59) / 60;
                charge = Money(minutes * perMinute * (roaming ? 4 : 1));
            }
        }
        var cdr = new CallDetailRecord(NextId(), population.Msisdns[caller], callee, now, duration, type, bytes, result, charge,
            region, roaming, calleeCountry);
        if (accounts is null)
        {
            return cdr;
        }
        accounts.After(caller, cdr, after, nextId);
        if (before.Count == 0 && after.Count == 0)
        {
            return cdr;
        }
        // A registration comes before the CDR it makes roam; balances, top-ups and bundles after the CDR that moved them.
        foreach (var record in before.Skip(1).Append(cdr).Concat(after))
        {
            pending.Enqueue(record);
        }
        var first = before.Count > 0 ? before[0] : pending.Dequeue();
        before.Clear();
        after.Clear();
        return first;
    }

    private string NextId() => string.Concat(idPrefix, (sequence++).ToString(CultureInfo.InvariantCulture));

    private int PickCaller(int hour)
    {
        // Acceptance sampling: draw by activity, keep with probability hour factor / max, so night owls own the night.
        for (var attempt = 0; ; attempt++)
        {
            var candidate = population.PickByActivity(random.Double());
            var traits = PersonaTraits.Of(population.Personas[candidate]);
            if (attempt >= 16 || random.Double() * traits.MaxHourFactor < traits.HourFactor[hour])
            {
                return candidate;
            }
        }
    }

    private string RegionOf(int subscriber) =>
        random.Double() < 0.9 ? World.Regions[population.Regions[subscriber]].Name : World.Regions[random.Number(0, World.Regions.Length - 1)].Name;

    private (string Number, string Country) PickCallee(int caller, PersonaTraits traits)
    {
        var u = random.Double();
        if (u < traits.InternationalShare)
        {
            var d = World.Destinations[random.WeightedRandom(destinationIndexes, destinationWeights)];
            return ("+" + d.Code + Digits(d.Digits, firstNonZero: true), d.Country);
        }
        u = (u - traits.InternationalShare) / (1 - traits.InternationalShare);
        var contacts = population.Contacts[caller];
        if (u < 0.65 && contacts.Length > 0)
        {
            // Skewed towards the first contacts: a favourite few take most calls.
            var pick = contacts[(int)(contacts.Length * Math.Pow(random.Double(), 2))];
            return (population.Msisdns[pick], World.HomeCountry);
        }
        if (u < 0.78)
        {
            return (population.Msisdns[random.Number(0, population.Count - 1)], World.HomeCountry);
        }
        if (u < 0.89)
        {
            return (directory.Pick(random), World.HomeCountry); // a listed number: a bank, a clinic, an airline...
        }
        var (prefix, digits) = World.OffNet[random.Number(0, World.OffNet.Length - 1)];
        return (prefix + Digits(digits, firstNonZero: false), World.HomeCountry);
    }

    private CallResult VoiceResult(PersonaTraits traits)
    {
        var u = random.Double();
        if (u < traits.DroppedShare)
        {
            return CallResult.Dropped;
        }
        u -= traits.DroppedShare;
        return u < 0.05 ? CallResult.Busy : u < 0.14 ? CallResult.NoAnswer : CallResult.Answered;
    }

    private string Digits(int count, bool firstNonZero)
    {
        Span<char> digits = stackalloc char[count];
        for (var i = 0; i < count; i++)
        {
            digits[i] = (char)('0' + (i == 0 && firstNonZero ? random.Number(1, 9) : random.Number(0, 9)));
        }
        return new string(digits);
    }

    /// <summary>Heavy-tailed positive values: log-normal with the given median.</summary>
    private double LogNormal(double median, double sigma)
    {
        var u1 = 1.0 - random.Double();
        var u2 = random.Double();
        var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return median * Math.Exp(sigma * normal);
    }

    private static decimal Money(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
