using Cdr.Orleans.Domain;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Domain;

public sealed class WindowTotalsTests
{
    [Fact]
    public void Given_two_weeks_of_activity_When_the_four_windows_are_summed_together_Then_they_equal_each_summed_alone()
    {
        var state = new SubscriberState();
        var random = new Random(11);
        var t = T0;
        for (var i = 0; i < 3_000; i++)
        {
            t = t.AddMinutes(random.Next(1, 12));
            var cdr = (i % 3) switch
            {
                0 => Voice(Alice, Bob, t, random.Next(1, 900), charge: random.Next(0, 300) / 100m),
                1 => Sms(Alice, Carol, t),
                _ => Voice(Alice, "+33612345678", t, 30, country: "FR"),
            };
            SubscriberFold.ApplyOutgoing(state, cdr, HomeNetwork.Default);
            if (i % 500 == 0 || i == 2_999)
            {
                var w = state.Windows;
                Assert.Equal([w.LastHour(), w.Last24Hours(), w.Last7Days(), w.Last30Days()], w.Totals());
            }
        }
    }
}

public sealed class CalleeDistinctTests
{
    [Fact]
    public void Given_an_estimated_distinct_count_that_was_read_When_more_callees_come_Then_the_next_read_counts_them()
    {
        var summary = new CalleeSummary();
        for (var key = 1L; key <= 1_000; key++)
        {
            summary.Add(key);
        }
        var first = summary.Distinct;
        for (var key = 1_001L; key <= 3_000; key++)
        {
            summary.Add(key);
        }

        Assert.InRange(first, 800, 1_200);
        Assert.InRange(summary.Distinct, 2_400, 3_600);
    }
}
