using System.Diagnostics;
using System.Globalization;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Generator.Synthesis;
using Orleans.Serialization;

namespace Cdr.Orleans.Bench;

/// <summary>
/// <c>bench state-size</c>: the generator's population folded through the domain (no cluster) for a simulated day and
/// a simulated year, then each subscriber's state serialized as storage writes it. Prints the median, 99th percentile
/// and largest stored size per subscriber: what the bounded state promises (docs/architecture.md).
/// </summary>
public static class StateSizeCommand
{
    public static int Run(int subscribers, double perDay)
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var population = Population.Create(subscribers, seed: 42, new DateOnly(2025, 1, 1));
        var states = population.Msisdns.ToDictionary(m => m, _ => new SubscriberState(), StringComparer.Ordinal);
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var synthesizer = new CdrSynthesizer(population, 42, start, subscribers * perDay / 86_400.0);
        Console.WriteLine($"state-size: {subscribers:N0} subscribers, {perDay:N0} CDRs per subscriber per simulated day");
        var watch = Stopwatch.StartNew();
        foreach (var (label, days) in new[] { ("1 day", 1), ("1 year", 365) })
        {
            var end = start.AddDays(days);
            long cdrs = 0;
            while (synthesizer.SimulatedNow < end)
            {
                if (CdrIntake.Accept(synthesizer.Next(), end, TimeSpan.Zero, out _, out _) is { } cdr && states.TryGetValue(cdr.Caller, out var state))
                {
                    SubscriberFold.ApplyOutgoing(state, cdr, HomeNetwork.Default);
                    cdrs++;
                    if (CdrIntake.ReachesCallee(cdr, HomeNetwork.Default) && states.TryGetValue(cdr.Callee, out var callee))
                    {
                        SubscriberFold.ApplyIncoming(callee, cdr);
                    }
                }
            }
            var sizes = states.Values.Select(s => serializer.SerializeToArray(s).Length).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  after {label,-6}  {cdrs,12:N0} CDRs  stored bytes per subscriber: median {sizes[sizes.Length / 2]:N0}, p99 {sizes[(int)(sizes.Length * 0.99)]:N0}, max {sizes[^1]:N0}  ({watch.Elapsed.TotalSeconds:N0} s)"));
            Console.WriteLine("    median bytes by part: " + string.Join(", ", Parts.Select(p =>
                $"{p.Name} {Median(states.Values.Select(s => p.Of(s) is { } part ? serializer.SerializeToArray(part).Length : 0)):N0}")));
        }
        return 0;
    }

    /// <summary>The parts of a state that grow with its history, to see where the bytes go.</summary>
    private static readonly (string Name, Func<SubscriberState, object?> Of)[] Parts =
    [
        ("windows", s => s.Windows), ("callees", s => s.TopCallees), ("week-hours", s => s.WeekHours), ("recent-calls", s => s.RecentCalls),
        ("recent-ids", s => s.RecentIds), ("offers", s => s.Offers), ("categories", s => s.CategoryCalls), ("positions", s => s.Positions),
        ("profile", s => s.Profile),
    ];

    private static int Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }
}
