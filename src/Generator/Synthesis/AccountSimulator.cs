using Bogus;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Subscribers;

namespace Cdr.Orleans.Generator.Synthesis;

/// <summary>
/// The operator's events of a population, made beside its CDRs and deterministic for the seed: prepaid subscribers'
/// balances go down with each charge (a balance event now and then, always when it crosses a low line) and they top up,
/// each at its own habitual low point, with a typical amount and channel; postpaid subscribers have a monthly data bundle
/// reported at every tenth used and at renewal; travellers (international callers most) take trips abroad, registering
/// in the country on arrival and at home on return, and their CDRs roam meanwhile; now and then a SIM moves to a new
/// handset. It draws from its own random stream, so the CDRs are the same with events as without.
/// </summary>
public sealed class AccountSimulator
{
    private static readonly int[] TopUpAmounts = [500, 1000, 1000, 1500, 2000, 2000, 2500, 3000];
    private static readonly string[] Channels = ["voucher", "app", "online", "retail", "auto"];
    private static readonly float[] ChannelWeights = World.Normalised([30, 30, 20, 15, 5]);
    private static readonly int[] LowLines = [200, 100, 50, 0];
    private static readonly string[] Devices =
    [
        "Apple iPhone 15", "Apple iPhone 14", "Samsung Galaxy S24", "Samsung Galaxy A54", "Google Pixel 8", "Xiaomi Redmi Note 13",
        "Motorola moto g84", "OnePlus 12", "Nokia G42", "Samsung Galaxy A15",
    ];

    private readonly Population population;
    private readonly Randomizer random;
    private readonly int[] balanceCents;
    private readonly int[] usedMb;
    private readonly byte[] bundleStep;
    private readonly int[] bundlePeriod;
    private readonly byte[] visited;
    private readonly DateTime[] tripEnds;
    private readonly float[] destinationWeights = World.Normalised(World.Destinations.Select(d => d.Weight));
    private readonly int[] destinationIndexes = Enumerable.Range(1, World.Destinations.Length).ToArray();

    public AccountSimulator(Population population, int seed)
    {
        this.population = population;
        random = new Randomizer(seed + 3);
        balanceCents = new int[population.Count];
        usedMb = new int[population.Count];
        bundleStep = new byte[population.Count];
        bundlePeriod = new int[population.Count];
        visited = new byte[population.Count];
        tripEnds = new DateTime[population.Count];
        for (var i = 0; i < population.Count; i++)
        {
            balanceCents[i] = population.Plans[i] == Plan.Prepaid ? random.Number(300, 3000) : 0;
            bundlePeriod[i] = -1;
        }
    }

    /// <summary>The point below which subscriber <paramref name="index"/> usually tops up, in cents: its own habit (0.50 to 5.00).</summary>
    public static int HabitCents(int index) => 50 + (int)((uint)(index * 2_654_435_761L) % 451);

    /// <summary>The monthly data bundle in MB of a postpaid subscriber of <paramref name="persona"/>.</summary>
    public static int AllowanceMb(Persona persona) => persona switch
    {
        Persona.DataHeavy => 30_000,
        Persona.NightOwl => 10_000,
        Persona.Quiet => 1_000,
        Persona.HeavyCaller => 3_000,
        _ => 5_000,
    };

    /// <summary>Whether subscriber <paramref name="caller"/> is abroad for a CDR at <paramref name="now"/>; adds the registration that starts or ends a trip to <paramref name="before"/>.</summary>
    public bool Roams(int caller, DateTime now, PersonaTraits traits, List<CallDetailRecord> before, Func<string> nextId)
    {
        if (visited[caller] != 0 && now >= tripEnds[caller])
        {
            visited[caller] = 0;
            before.Add(Event(nextId(), caller, now, CdrType.Registration, new OperatorEvent(Country: World.HomeCountry)));
        }
        else if (visited[caller] == 0 && random.Double() < traits.RoamingShare / 40)
        {
            // About forty CDRs a trip: the persona's share of roaming CDRs stays what it was without trips.
            visited[caller] = (byte)random.WeightedRandom(destinationIndexes, destinationWeights);
            tripEnds[caller] = now.AddHours(Math.Clamp(LogNormal(96, 0.6), 12, 30 * 24));
            before.Add(Event(nextId(), caller, now, CdrType.Registration, new OperatorEvent(Country: World.Destinations[visited[caller] - 1].Country)));
        }
        return visited[caller] != 0;
    }

    /// <summary>The events that follow the CDR <paramref name="cdr"/> of subscriber <paramref name="caller"/>, added to <paramref name="after"/>.</summary>
    public void After(int caller, CallDetailRecord cdr, List<CallDetailRecord> after, Func<string> nextId)
    {
        var now = cdr.StartUtc;
        if (population.Plans[caller] == Plan.Prepaid)
        {
            Charge(caller, cdr, after, nextId);
        }
        else
        {
            UseBundle(caller, cdr, after, nextId);
        }
        if (random.Double() < 1.0 / 4_000)
        {
            after.Add(Event(nextId(), caller, now, CdrType.DeviceChange, new OperatorEvent(Device: Devices[random.Number(0, Devices.Length - 1)])));
        }
    }

    private void Charge(int caller, CallDetailRecord cdr, List<CallDetailRecord> after, Func<string> nextId)
    {
        var cents = (int)(cdr.Charge * 100);
        var was = balanceCents[caller];
        var now = Math.Max(0, was - cents);
        balanceCents[caller] = now;
        var crossed = LowLines.Any(line => was > line && now <= line);
        if (cents > 0 && (crossed || random.Double() < 0.2))
        {
            after.Add(Event(nextId(), caller, cdr.StartUtc, CdrType.Balance, new OperatorEvent(Balance: now / 100m)));
        }
        // Below its habit a subscriber tops up soon, not at once; at zero it nearly always does.
        var habit = HabitCents(caller);
        if (now < habit && random.Double() < (now == 0 ? 0.7 : 0.3))
        {
            var amount = TopUpAmounts[random.Number(0, TopUpAmounts.Length - 1)];
            balanceCents[caller] = now + amount;
            after.Add(Event(nextId(), caller, cdr.StartUtc, CdrType.TopUp,
                new OperatorEvent(Amount: amount / 100m, Balance: balanceCents[caller] / 100m, Channel: random.WeightedRandom(Channels, ChannelWeights))));
        }
    }

    private void UseBundle(int caller, CallDetailRecord cdr, List<CallDetailRecord> after, Func<string> nextId)
    {
        var allowance = AllowanceMb(population.Personas[caller]);
        var renewalDay = 1 + caller % 28;
        var (period, renewal) = PeriodOf(cdr.StartUtc, renewalDay);
        if (period != bundlePeriod[caller])
        {
            (bundlePeriod[caller], usedMb[caller], bundleStep[caller]) = (period, 0, 0);
            after.Add(Bundle(nextId(), caller, cdr.StartUtc, allowance, 0, renewal));
        }
        if (cdr.Type != CdrType.Data)
        {
            return;
        }
        usedMb[caller] = (int)Math.Min(int.MaxValue / 2, usedMb[caller] + cdr.DataBytes / 1_000_000);
        var step = (byte)Math.Min(10, usedMb[caller] * 10L / allowance);
        if (step > bundleStep[caller])
        {
            bundleStep[caller] = step;
            after.Add(Bundle(nextId(), caller, cdr.StartUtc, allowance, usedMb[caller], renewal));
        }
    }

    /// <summary>The bundle period a time is in (months since year 0) and when it renews, for a renewal on <paramref name="day"/> of each month.</summary>
    private static (int Period, DateTime Renewal) PeriodOf(DateTime utc, int day)
    {
        var start = new DateTime(utc.Year, utc.Month, day, 0, 0, 0, DateTimeKind.Utc);
        if (utc < start)
        {
            start = start.AddMonths(-1);
        }
        return (start.Year * 12 + start.Month, start.AddMonths(1));
    }

    private CallDetailRecord Bundle(string id, int caller, DateTime at, int allowanceMb, int usedMbNow, DateTime renewal) =>
        Event(id, caller, at, CdrType.Bundle, new OperatorEvent(Allowance: allowanceMb * 1_000_000L, Used: usedMbNow * 1_000_000L, RenewalUtc: renewal));

    private CallDetailRecord Event(string id, int caller, DateTime at, CdrType kind, OperatorEvent e) =>
        new(id, population.Msisdns[caller], "", at, 0, kind, 0, CallResult.Answered, 0, "", false, "", Event: e);

    private double LogNormal(double median, double sigma)
    {
        var u1 = 1.0 - random.Double();
        var u2 = random.Double();
        return median * Math.Exp(sigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
