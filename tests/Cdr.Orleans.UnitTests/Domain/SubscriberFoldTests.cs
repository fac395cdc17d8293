using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Domain;

public sealed class SubscriberFoldTests
{
    private static readonly HomeNetwork Gb = HomeNetwork.Default;

    private static SubscriberState Fold(params CallDetailRecord[] cdrs)
    {
        var state = new SubscriberState();
        foreach (var cdr in cdrs)
        {
            SubscriberFold.ApplyOutgoing(state, cdr, Gb);
        }
        return state;
    }

    [Fact]
    public void Given_an_empty_state_When_calls_sms_and_data_are_applied_Then_every_total_is_exact()
    {
        var state = Fold(
            Voice(Alice, Bob, T0, 125, charge: 0.12m),
            Voice(Alice, Bob, T0.AddMinutes(5), 0, CallResult.Busy, charge: 0m),
            Voice(Alice, "+4915112345678", T0.AddMinutes(9), 61, charge: 1.20m, country: "DE", roaming: true),
            Sms(Alice, Carol, T0.AddMinutes(10)),
            Data(Alice, T0.AddMinutes(11), 5_000_000));

        var totals = SubscriberFold.Snapshot(Alice, state).Totals;

        Assert.Equal(3, totals.VoiceCalls);
        Assert.Equal(186, totals.VoiceSeconds);
        Assert.Equal(1, totals.SmsCount);
        Assert.Equal(1, totals.DataSessions);
        Assert.Equal(5_000_000, totals.DataBytes);
        Assert.Equal(1.39m, totals.Spend);
        Assert.Equal(4, totals.Answered);
        Assert.Equal(1, totals.Busy);
        Assert.Equal(1, totals.International);
        Assert.Equal(1, totals.Roaming);
        Assert.Equal(5, state.CdrsApplied);
    }

    [Fact]
    public void Given_calls_to_several_numbers_When_snapshotted_Then_top_callees_are_ordered_by_count_and_distinct_is_counted()
    {
        var state = Fold(
            Voice(Alice, Bob, T0, 10), Voice(Alice, Carol, T0.AddMinutes(1), 10), Sms(Alice, Bob, T0.AddMinutes(2)),
            Voice(Alice, Bob, T0.AddMinutes(3), 10), Data(Alice, T0.AddMinutes(4), 100));

        var snapshot = SubscriberFold.Snapshot(Alice, state);

        Assert.Equal(2, snapshot.DistinctCallees);
        Assert.Equal([(Bob, 3), (Carol, 1)], snapshot.TopCallees.Select(c => (c.Msisdn, c.Count)));
    }

    [Fact]
    public void Given_cdrs_spread_over_a_month_When_snapshotted_Then_each_window_holds_exactly_its_slice()
    {
        var now = T0;
        var state = Fold(
            Voice(Alice, Bob, now.AddDays(-20), 60),      // 30d only
            Voice(Alice, Bob, now.AddDays(-3), 120),      // 7d, 30d
            Voice(Alice, Bob, now.AddHours(-5), 180),     // 24h, 7d, 30d
            Sms(Alice, Bob, now.AddMinutes(-30)),         // all
            Voice(Alice, Bob, now, 240));                 // all; the watermark

        var windows = SubscriberFold.Snapshot(Alice, state).Windows.ToDictionary(w => w.Window);

        Assert.Equal((1, 4.0, 1), (windows["1h"].Calls, windows["1h"].VoiceMinutes, windows["1h"].Sms));
        Assert.Equal((2, 7.0, 1), (windows["24h"].Calls, windows["24h"].VoiceMinutes, windows["24h"].Sms));
        Assert.Equal((3, 9.0, 1), (windows["7d"].Calls, windows["7d"].VoiceMinutes, windows["7d"].Sms));
        Assert.Equal((4, 10.0, 1), (windows["30d"].Calls, windows["30d"].VoiceMinutes, windows["30d"].Sms));
        Assert.Equal(0.25m, windows["24h"].Spend);
    }

    [Fact]
    public void Given_a_watermark_When_time_moves_on_Then_expired_slots_leave_the_windows()
    {
        var state = Fold(Voice(Alice, Bob, T0, 60), Voice(Alice, Bob, T0.AddMinutes(61), 60));

        var windows = SubscriberFold.Snapshot(Alice, state).Windows.ToDictionary(w => w.Window);

        Assert.Equal(1, windows["1h"].Calls);
        Assert.Equal(2, windows["24h"].Calls);
        Assert.Single(state.Windows.Minutes);
    }

    [Fact]
    public void Given_a_cdr_older_than_the_lateness_bound_When_applied_Then_it_counts_in_totals_but_in_no_window()
    {
        var state = Fold(Voice(Alice, Bob, T0, 60), Voice(Alice, Bob, T0.AddDays(-31), 600));

        var snapshot = SubscriberFold.Snapshot(Alice, state);

        Assert.Equal(2, snapshot.Totals.VoiceCalls);
        Assert.Equal(660, snapshot.Totals.VoiceSeconds);
        Assert.Equal(1, snapshot.Windows.Single(w => w.Window == "30d").Calls);
        Assert.Equal(T0, snapshot.LastEventUtc);
    }

    [Fact]
    public void Given_a_late_cdr_within_the_windows_When_applied_Then_it_lands_in_its_own_slot_in_order()
    {
        var state = Fold(Voice(Alice, Bob, T0, 60), Voice(Alice, Bob, T0.AddMinutes(-10), 60), Voice(Alice, Bob, T0.AddMinutes(-5), 60));

        Assert.Equal([T0.AddMinutes(-10), T0.AddMinutes(-5), T0], state.Windows.Minutes.Select(b => new DateTime(b.Slot * TimeSpan.TicksPerMinute, DateTimeKind.Utc)));
        Assert.Equal(3, SubscriberFold.Snapshot(Alice, state).Windows[0].Calls);
    }

    [Fact]
    public void Given_activity_by_hour_When_snapshotted_Then_part_of_day_shares_and_best_time_are_exact()
    {
        var monday = new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc); // a Monday
        var state = Fold(
            Voice(Alice, Bob, monday.AddHours(2), 60),                          // night
            Voice(Alice, Bob, monday.AddHours(9), 60),                          // morning
            Voice(Alice, Bob, monday.AddHours(19), 60),                         // evening, Monday 19h
            Voice(Alice, Bob, monday.AddHours(19).AddMinutes(20), 60),          // evening, Monday 19h
            Voice(Alice, Bob, monday.AddHours(20), 0, CallResult.NoAnswer));    // evening, not answered
        SubscriberFold.ApplyIncoming(state, Voice(Carol, Alice, monday.AddHours(19).AddMinutes(40), 30));

        var snapshot = SubscriberFold.Snapshot(Alice, state);

        Assert.Equal(new(0.2, 0.2, 0, 0.6), snapshot.TimeOfDay);
        Assert.Equal(new(DayOfWeek.Monday, 19, 3), snapshot.BestTimeToCall);
    }

    [Fact]
    public void Given_received_calls_and_sms_When_applied_as_incoming_Then_only_incoming_counters_change()
    {
        var state = new SubscriberState();
        SubscriberFold.ApplyIncoming(state, Voice(Bob, Alice, T0, 90));
        SubscriberFold.ApplyIncoming(state, Sms(Bob, Alice, T0.AddMinutes(1)));
        SubscriberFold.ApplyIncoming(state, Data(Bob, T0, 1000));

        var totals = SubscriberFold.Snapshot(Alice, state).Totals;

        Assert.Equal((1, 90, 1), (totals.IncomingCalls, totals.IncomingSeconds, totals.IncomingSms));
        Assert.Equal((0, 0, 0m), (totals.VoiceCalls, totals.SmsCount, totals.Spend));
        Assert.Equal(2, state.CdrsApplied);
        Assert.False(state.IsKnown);
    }
}
