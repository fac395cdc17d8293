using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Traffic;
using Cdr.Orleans.Domain.Traffic;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Traffic;

public sealed class TrafficHistoryTests
{
    private static readonly DateTime TenFiftyNine = new(2026, 11, 23, 10, 59, 30, DateTimeKind.Utc);

    [Fact]
    public void Given_cdrs_either_side_of_a_minute_and_an_hour_When_counted_Then_each_lands_in_its_own_minute_and_hour()
    {
        var tally = new TrafficTally();
        tally.Add(Voice(Alice, Bob, TenFiftyNine, 60) with { Region = "London" }, "Northwind Mobile");
        tally.Add(Voice(Alice, Bob, TenFiftyNine.AddSeconds(40), 30) with { Region = "London" }, "Northwind Mobile"); // 11:00:10
        tally.Add(Sms(Alice, Bob, TenFiftyNine.AddSeconds(45)) with { Region = "Leeds" }, null);
        var history = new TrafficHistory();

        history.Add(tally.Take());

        Assert.Equal(TrafficCell.MinuteOf(TenFiftyNine) + 1, history.LatestMinute);
        var series = history.Series(TrafficDimension.Region, 2);
        Assert.Equal([TrafficCell.MinuteOf(TenFiftyNine), TrafficCell.MinuteOf(TenFiftyNine) + 1], series.Minutes);
        Assert.Equal([new TrafficCounts(1, 60, 0, 0), new TrafficCounts(1, 30, 0, 0)], series.Values["London"]);
        Assert.Equal([default, new TrafficCounts(1, 0, 1, 0)], series.Values["Leeds"]);
        var hours = history.Hours().Rows;
        Assert.Equal(new TrafficCounts(1, 60, 0, 0), hours[10].Counts);
        Assert.Equal(new TrafficCounts(2, 30, 1, 0), hours[11].Counts);
        Assert.Equal(["Northwind Mobile", TrafficTally.Unknown], history.Totals(TrafficDimension.Operator, 60).Rows.Select(r => r.Value));
        Assert.Equal(0, tally.Count); // taken
    }

    [Fact]
    public void Given_a_retention_When_newer_minutes_arrive_Then_older_ones_are_dropped_and_windows_count_back_from_the_latest()
    {
        var history = new TrafficHistory { RetentionMinutes = 60 };
        var start = TrafficCell.MinuteOf(TenFiftyNine);

        for (var i = 0; i < 90; i++)
        {
            history.Add([new TrafficEntry(new TrafficCell(TrafficDimension.Type, "voice", start + i), new TrafficCounts(1, 10, 0, 0))]);
        }
        history.Add([new TrafficEntry(new TrafficCell(TrafficDimension.Type, "voice", start), new TrafficCounts(5, 0, 0, 0))]); // too old now

        Assert.Equal(start + 89, history.LatestMinute);
        Assert.Equal(60, history.Cells.Count);
        Assert.Equal(new TrafficCounts(60, 600, 0, 0), history.Totals(TrafficDimension.Type, 1_000).Rows.Single().Counts);
        var lastQuarter = history.Totals(TrafficDimension.Type, 15);
        Assert.Equal(new TrafficCounts(15, 150, 0, 0), lastQuarter.Rows.Single().Counts);
        Assert.Equal((start + 75, start + 89), (lastQuarter.FromMinute, lastQuarter.ToMinute));
    }

    [Fact]
    public void Given_many_cdrs_When_counted_in_pieces_Then_every_total_equals_an_independent_count()
    {
        var random = new Random(5);
        string[] regions = ["London", "Leeds", "Cardiff"];
        string[] countries = ["GB", "FR", "IN"];
        var cdrs = Enumerable.Range(0, 2_000).Select(i =>
        {
            var start = TenFiftyNine.AddSeconds(random.Next(0, 7_200));
            var cdr = (i % 3) switch { 0 => Voice(Alice, Bob, start, random.Next(1, 600)), 1 => Sms(Alice, Bob, start), _ => Data(Alice, start, 1_000) };
            return cdr with { Region = regions[random.Next(3)], CalleeCountry = countries[random.Next(3)] };
        }).ToList();
        var history = new TrafficHistory();
        foreach (var chunk in cdrs.Chunk(333))
        {
            var tally = new TrafficTally();
            foreach (var cdr in chunk)
            {
                tally.Add(cdr, cdr.Region == "Leeds" ? "Contoso" : "Northwind");
            }
            history.Add(tally.Take());
        }

        foreach (var region in regions)
        {
            var mine = cdrs.Where(c => c.Region == region).ToList();
            Assert.Equal(
                new TrafficCounts(mine.Count, mine.Where(c => c.Type == CdrType.Voice).Sum(c => (long)c.DurationSeconds), mine.Count(c => c.Type == CdrType.Sms), mine.Sum(c => c.DataBytes)),
                history.Totals(TrafficDimension.Region, 1_440).Rows.Single(r => r.Value == region).Counts);
        }
        Assert.Equal(
            cdrs.Where(c => c.Type != CdrType.Data).GroupBy(c => c.CalleeCountry).OrderBy(g => g.Key).Select(g => (g.Key, (long)g.Count())),
            history.Totals(TrafficDimension.CalleeCountry, 1_440).Rows.OrderBy(r => r.Value).Select(r => (r.Value, r.Counts.Cdrs)));
        Assert.Equal(
            Enumerable.Range(0, 24).Select(h => cdrs.Where(c => c.StartUtc.Hour == h).Sum(c => c.Type == CdrType.Voice ? (long)c.DurationSeconds : 0)),
            history.Hours().Rows.Select(r => r.Counts.VoiceSeconds));
    }
}
