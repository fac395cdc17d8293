using System.Text.Json;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Domain;

/// <summary>
/// The packed forms a subscriber's state is stored in (windows, callee summary, weekday x hour counts, recent CDR ids)
/// are exact: a state read back answers every question as the one written, and keeps doing so as CDRs continue. A
/// state written before them is still read. Bytes that are not such a form fail with a sentence naming the part.
/// </summary>
public sealed class CompactStateTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
    private static readonly DateTime Now = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    private static SubscriberState RoundTrip(SubscriberState state) => Serializer.Deserialize<SubscriberState>(Serializer.SerializeToArray(state))!;

    /// <summary>CDRs of one subscriber over 40 days, to up to 60 callees (past the callee summary's capacity), some repeated.</summary>
    private static readonly Gen<CallDetailRecord[]> Histories = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 7_200], Gen.Long[0, 5_000_000_000], Gen.Int[0, 3],
        Gen.Int[0, 100_000], Gen.Int[0, 60 * 24 * 40], Gen.Int[0, 60], Gen.OneOf<string>("GB", "FR"),
        (type, seconds, bytes, result, cents, minute, callee, country) => new CallDetailRecord(
            $"g-{minute}-{callee}", Alice, $"+4477009{callee:00000}", Now.AddMinutes(-minute), (CdrType)type == CdrType.Sms ? 0 : seconds, (CdrType)type,
            (CdrType)type == CdrType.Data ? bytes : 0, (CallResult)result, cents / 1000m, "London", false, (CdrType)type == CdrType.Data ? "" : country))
        .Array[1, 300];

    [Fact]
    public void Given_any_history_When_the_state_is_stored_and_read_Then_it_answers_as_the_one_written_now_and_after_more_cdrs()
    {
        Gen.Select(Histories, Histories).Sample((before, after) =>
        {
            var state = new SubscriberState();
            Fold(state, before);
            var read = RoundTrip(state);
            AssertSame(state, read);

            // The same CDRs again to both: eviction order, registers and the ring must behave alike from here on.
            Fold(state, after);
            Fold(read, after);
            AssertSame(state, read);
        }, iter: 300);
    }

    private static void Fold(SubscriberState state, IEnumerable<CallDetailRecord> cdrs)
    {
        foreach (var cdr in cdrs)
        {
            if (RecentCdrIds.IsNew(state, cdr.Id, 32))
            {
                SubscriberFold.ApplyOutgoing(state, cdr, HomeNetwork.Default);
            }
        }
    }

    private static void AssertSame(SubscriberState expected, SubscriberState actual)
    {
        Assert.Equal(JsonSerializer.Serialize(SubscriberFold.Snapshot(Alice, expected)), JsonSerializer.Serialize(SubscriberFold.Snapshot(Alice, actual)));
        Assert.Equal(expected.Windows.Watermark, actual.Windows.Watermark);
        Assert.Equal(expected.Windows.Minutes, actual.Windows.Minutes);
        Assert.Equal(expected.Windows.Hours, actual.Windows.Hours);
        Assert.Equal(expected.Windows.Days, actual.Windows.Days);
        Assert.Equal(expected.Windows.Days.Select(d => d.Spend.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            actual.Windows.Days.Select(d => d.Spend.ToString(System.Globalization.CultureInfo.InvariantCulture))); // every digit, scale too
        Assert.Equal(expected.WeekHours?.ToArray(), actual.WeekHours?.ToArray());
        Assert.Equal(expected.RecentIds!.Hashes, actual.RecentIds!.Hashes);
        Assert.Equal(expected.RecentIds.Next, actual.RecentIds.Next);
        Assert.Equal(expected.TopCallees is null, actual.TopCallees is null); // data sessions alone have no callee
        if (expected.TopCallees is not { } summary || actual.TopCallees is not { } readSummary)
        {
            return;
        }
        Assert.Equal((summary.Count, summary.Evicted, summary.Distinct), (readSummary.Count, readSummary.Evicted, readSummary.Distinct));
        Assert.Equal(summary.Keys.Take(summary.Count), readSummary.Keys.Take(readSummary.Count));
        Assert.Equal(summary.Counts.Take(summary.Count), readSummary.Counts.Take(readSummary.Count));
        Assert.Equal(summary.Errors.Take(summary.Count), readSummary.Errors.Take(readSummary.Count));
        Assert.Equal(summary.Ranks, readSummary.Ranks);
    }

    [Fact]
    public void Given_a_state_stored_before_the_packed_forms_When_read_Then_it_answers_as_the_state_that_was_written()
    {
        // The bytes the golden test committed for this very state before the packed forms (2026-12-03).
        var legacy = Convert.FromBase64String(File.ReadAllText(RepositoryFiles.PathOf("tests", "Cdr.Orleans.UnitTests", "Golden", "subscriber-state.before-packing.b64")));
        var expected = Golden.GoldenBytesTests.SubscriberStateSample(full: false);

        var read = Serializer.Deserialize<SubscriberState>(legacy); // as the storage reads it

        Assert.NotNull(read);
        // The committed state was evaluated against a campaign, which left an offer history with nothing in it yet;
        // the sample here is not evaluated, so that part is checked on its own.
        Assert.Equal((0, 0), (read.Offers!.Times.Count, read.Offers.Recent.Count));
        Assert.Equal(JsonSerializer.Serialize(SubscriberFold.Snapshot(Alice, expected) with { RecentOffers = null }),
            JsonSerializer.Serialize(SubscriberFold.Snapshot(Alice, read) with { RecentOffers = null }));
        Assert.Equal(expected.Windows.Hours, read.Windows.Hours);
        Assert.Equal(expected.Windows.Days, read.Windows.Days);
        Assert.Equal(expected.WeekHours?.ToArray(), read.WeekHours?.ToArray());
        Assert.Equal(expected.TopCallees!.Top(32), read.TopCallees!.Top(32));
        Assert.Equal(expected.CategoryCalls, read.CategoryCalls);
    }

    [Fact]
    public void Given_a_state_stored_in_the_first_packed_forms_When_read_Then_it_is_the_state_that_was_written()
    {
        // The bytes the golden test committed for this very state in windows and callee form 1 (2026-12-03).
        var form1 = Convert.FromBase64String(File.ReadAllText(RepositoryFiles.PathOf("tests", "Cdr.Orleans.UnitTests", "Golden", "subscriber-state.packed-form-1.b64")));

        var read = Serializer.Deserialize<SubscriberState>(form1);

        Assert.Equal(Golden.GoldenBytesTests.Describe(Golden.GoldenBytesTests.StoredSubscriberState()), Golden.GoldenBytesTests.Describe(read));
    }

    [Fact]
    public void Given_amounts_of_any_sign_scale_and_size_When_windows_are_stored_and_read_Then_every_digit_and_scale_comes_back()
    {
        decimal[] amounts = [0m, 0.000m, -4.5m, 12.345m, 7m, decimal.MaxValue, decimal.MinValue / 3, 0.0000000000000000000000000001m, -0.10m];
        foreach (var sample in new[] { amounts, amounts[..5], [1.5m, 2.50m, 0.125m] })
        {
            var written = ActivityWindows.Restore(Now, [], [], [.. sample.Select((amount, i) => new ActivityBucket
            {
                Slot = ActivityWindows.DayOf(Now) - 2 * i, Spend = amount, Calls = i, DataBytes = -i * 1_000_000_000L, Dropped = i % 2,
            }).Reverse()]);

            var read = PackedWindows.Of(written).ToWindows();

            Assert.Equal(written.Days, read.Days);
            Assert.Equal(written.Days.Select(d => d.Spend.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                read.Days.Select(d => d.Spend.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Theory]
    [InlineData(new byte[] { 9 }, "stored windows are in packed form 9; this version reads forms 1 and 2")]
    [InlineData(new byte[] { 1, 1 }, "stored windows end before their last value")]
    [InlineData(new byte[] { 1, 61 }, "stored windows hold 61 buckets in a window of 60 slots")]
    [InlineData(new byte[] { 1, 0, 0, 0, 7 }, "stored windows have 1 bytes after their last value")]
    [InlineData(new byte[] { 2, 1 }, "stored windows end before their last value")]
    [InlineData(new byte[] { 2, 0, 0, 61 }, "stored windows hold 61 buckets in a window of 30 slots")]
    [InlineData(new byte[] { 2, 1, 0, 0, 65 }, "stored windows hold values 65 bits wide; at most 64 are")]
    [InlineData(new byte[] { 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 40, 0, 0 }, "stored windows hold an amount of scale 40; a decimal's scale is 0 to 28")]
    [InlineData(new byte[] { 2, 1, 0, 0, 33, 0, 0, 0, 0, 1 }, "stored windows hold 4294967296 where a 32-bit count belongs")]
    public void Given_bytes_that_are_not_packed_windows_When_read_Then_the_error_says_what_is_wrong(byte[] packed, string message)
    {
        var error = Assert.Throws<FormatException>(() => new PackedWindows { Packed = packed, Watermark = Now }.ToWindows());
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Given_bytes_that_are_not_a_ring_or_a_summary_When_read_Then_the_error_says_what_is_wrong()
    {
        Assert.Equal("stored recent CDR ids describe a ring of 4 slots, 5 in use, next 0; not a ring",
            Assert.Throws<FormatException>(() => new PackedRecentIds { Packed = [1, 4, 0, 5] }.ToIds()).Message);
        Assert.Equal("stored callee summaries hold 33 counters; a summary has at most 32",
            Assert.Throws<FormatException>(() => new PackedCallees { Packed = [1, 0, 33] }.ToSummary()).Message);
        Assert.Equal("stored weekday x hour counts hold 3 counts, not 168",
            Assert.Throws<FormatException>(() => PackedCounts.Read([1, 3, 0], new int[168], "stored weekday x hour counts")).Message);
    }

    [Fact]
    public void Given_a_watermark_one_hour_into_a_day_When_the_seven_day_window_is_read_Then_it_holds_that_day_and_the_six_before_it()
    {
        // Day resolution: the window starts at midnight six days back, so it spans 6 days and 1 hour here (at most 7 days).
        var state = new SubscriberState();
        var watermark = new DateTime(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc);
        SubscriberFold.ApplyOutgoing(state, Voice(Alice, Bob, watermark, 60), HomeNetwork.Default);
        SubscriberFold.ApplyOutgoing(state, Voice(Alice, Bob, new DateTime(2026, 11, 17, 0, 30, 0, DateTimeKind.Utc), 60), HomeNetwork.Default); // 6 d 0.5 h back
        SubscriberFold.ApplyOutgoing(state, Voice(Alice, Bob, new DateTime(2026, 11, 16, 23, 0, 0, DateTimeKind.Utc), 60), HomeNetwork.Default); // 6 d 2 h back

        Assert.Equal(2, state.Windows.Last7Days().Calls);
        Assert.Equal(3, state.Windows.Last30Days().Calls);
        Assert.Single(state.Windows.Hours); // 24 hourly slots at most: the 7-day window no longer keeps 168
    }

    [Fact]
    public void Given_a_light_subscriber_When_it_has_made_one_call_Then_its_windows_and_ring_hold_no_spare_room_and_it_has_no_registers()
    {
        var state = new SubscriberState();
        Assert.True(RecentCdrIds.IsNew(state, "c-1", 32));
        SubscriberFold.ApplyOutgoing(state, Voice(Alice, Bob, Now, 60), HomeNetwork.Default);

        Assert.Equal((1, 1, 1), (state.Windows.Minutes.Capacity, state.Windows.Hours.Capacity, state.Windows.Days.Capacity));
        Assert.Equal(4, state.RecentIds!.Hashes.Length);
        Assert.Empty(state.TopCallees!.Ranks); // made when the first number is forgotten, from the numbers kept
    }

    [Fact]
    public void Given_more_callees_than_the_summary_keeps_When_registers_are_made_late_Then_they_equal_registers_kept_from_the_start()
    {
        // Registers depend only on the set of numbers seen; until the first eviction that set is the counters' numbers.
        var late = new CalleeSummary();
        var early = new CalleeSummary { Ranks = new byte[CalleeSummary.Registers] }; // observes every call from the first
        foreach (var key in Enumerable.Range(0, 2_000).Select(i => 447_700_900_000L + (i * 7919 % 1000)))
        {
            late.Add(key);
            early.Add(key);
        }

        Assert.True(late.Evicted);
        Assert.Equal(early.Ranks, late.Ranks);
        Assert.Equal(early.Distinct, late.Distinct);
        Assert.InRange(late.Distinct, 800, 1_200); // 1,000 numbers, 6.5% standard error
    }
}
