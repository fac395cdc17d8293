using Cdr.Orleans.Domain;
using CsCheck;

namespace Cdr.Orleans.Tests.Domain;

/// <summary>
/// The weekday x hour histogram counts in bytes until a slot passes 255, then in ints: it answers as a plain array of
/// ints would, before and after it widens, and is stored in the same bytes either way.
/// </summary>
public sealed class WeekHourCountsTests
{
    [Fact]
    public void Given_any_calls_When_counted_Then_every_slot_the_best_slot_and_the_stored_bytes_are_those_of_an_int_array() =>
        // Few distinct slots and up to 900 calls: many cross 255 and widen, many do not.
        Gen.Select(Gen.Int[0, WeekHourCounts.Slots - 1].Array[1, 6], Gen.Int[0, 900]).Sample((slots, calls) =>
        {
            var counts = new WeekHourCounts();
            var reference = new int[WeekHourCounts.Slots];
            for (var i = 0; i < calls; i++)
            {
                var slot = slots[i % slots.Length];
                counts.Count(slot);
                reference[slot]++;
            }

            Assert.Equal(reference, counts.ToArray());
            Assert.Equal(Enumerable.Range(0, WeekHourCounts.Slots).Select(s => reference[s]), Enumerable.Range(0, WeekHourCounts.Slots).Select(s => counts[s]));
            var best = reference.Max() == 0 ? (int?)null : Array.IndexOf(reference, reference.Max());
            Assert.Equal(best, counts.Best());
            Assert.Equal(PackedCounts.Of((ReadOnlySpan<int>)reference), counts.Packed());
            Assert.Equal(reference, WeekHourCounts.FromPacked(counts.Packed(), "test").ToArray());
        }, iter: 500);

    [Fact]
    public void Given_a_slot_at_255_When_one_more_call_is_counted_Then_it_holds_256()
    {
        var counts = new WeekHourCounts();
        for (var i = 0; i < 256; i++)
        {
            counts.Count(new DateTime(2026, 11, 30, 18, 5, 0, DateTimeKind.Utc)); // a Monday, 18:00
        }

        Assert.Equal(256, counts[(int)DayOfWeek.Monday * 24 + 18]);
        Assert.Equal((int)DayOfWeek.Monday * 24 + 18, counts.Best());
    }

    [Fact]
    public void Given_stored_counts_of_the_wrong_length_When_read_Then_the_error_says_how_many_slots_belong() =>
        Assert.Contains("not 168", Assert.Throws<FormatException>(() => WeekHourCounts.From(new int[24])).Message, StringComparison.Ordinal);
}
