using System.Diagnostics;
using System.Globalization;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Generator.Synthesis;
using Orleans.Serialization;

namespace Cdr.Orleans.Bench;

/// <summary>
/// <c>bench state-size</c>: the generator's population folded through the domain (no cluster) for a simulated day and
/// a simulated year, then each subscriber's state serialized as storage writes it (with its profile and the ids of its
/// latest CDRs, as a grain keeps them). Prints the median, 99th percentile and largest stored size per subscriber, the
/// same without the profile and the ids, and the median of each part: what the bounded state promises
/// (docs/architecture.md).
/// </summary>
public static class StateSizeCommand
{
    public static int Run(int subscribers, double perDay)
    {
        var duplicateWindow = new Grains.Hosting.EngineOptions().DuplicateWindow;
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var population = Population.Create(subscribers, seed: 42, new DateOnly(2025, 1, 1));
        // With their profiles, as a silo holds them once the profiles are loaded.
        var states = population.Profiles().ToDictionary(p => p.Msisdn, p => new SubscriberState { Profile = p }, StringComparer.Ordinal);
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
                // As a subscriber grain folds them: each CDR's id remembered on both sides for dropping repeats.
                if (CdrIntake.Accept(synthesizer.Next(), end, TimeSpan.Zero, out _, out _) is { } cdr && states.TryGetValue(cdr.Caller, out var state)
                    && RecentCdrIds.IsNew(state, cdr.Id, duplicateWindow))
                {
                    SubscriberFold.ApplyOutgoing(state, cdr, HomeNetwork.Default);
                    cdrs++;
                    if (CdrIntake.ReachesCallee(cdr, HomeNetwork.Default) && states.TryGetValue(cdr.Callee, out var callee)
                        && RecentCdrIds.IsNew(callee, cdr.Id, duplicateWindow))
                    {
                        SubscriberFold.ApplyIncoming(callee, cdr);
                    }
                }
            }
            var sizes = states.Values.Select(s => serializer.SerializeToArray(s).Length).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  after {label,-6}  {cdrs,12:N0} CDRs  stored bytes per subscriber: median {sizes[sizes.Length / 2]:N0}, p99 {sizes[(int)(sizes.Length * 0.99)]:N0}, max {sizes[^1]:N0}  ({watch.Elapsed.TotalSeconds:N0} s)"));
            var activity = states.Values.Select(s =>
            {
                // The part that grows with a subscriber's history: without the profile and the ids kept for dropping repeats.
                var (profile, ids) = (s.Profile, s.RecentIds);
                (s.Profile, s.RecentIds) = (null, null);
                var size = serializer.SerializeToArray(s).Length;
                (s.Profile, s.RecentIds) = (profile, ids);
                return size;
            }).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    without profile and duplicate window: median {activity[activity.Length / 2]:N0}, p99 {activity[(int)(activity.Length * 0.99)]:N0}, max {activity[^1]:N0}"));
            Console.WriteLine("    median bytes by part: " + string.Join(", ", Parts.Select(p =>
                $"{p.Name} {Median(states.Values.Select(s => p.Of(s) is { } part ? serializer.SerializeToArray(part).Length : 0)):N0}")));
        }
        return 0;
    }

    /// <summary>The parts of a state that grow with its history, to see where the bytes go.</summary>
    private static readonly (string Name, Func<SubscriberState, object?> Of)[] Parts =
    [
        ("windows", s => s.Windows), ("callees", s => s.TopCallees), ("week-hours", s => s.StoredWeekHours), ("recent-calls", s => s.RecentCalls),
        ("recent-ids", s => s.RecentIds), ("offers", s => s.Offers), ("categories", s => s.CategoryCalls), ("positions", s => s.Positions),
        ("profile", s => s.Profile),
    ];

    private static int Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }
}
