using System.Runtime.InteropServices;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Subscribers;

namespace Cdr.Orleans.Domain;

/// <summary>
/// Sliding windows by event time: the last hour at one-minute resolution, the last 24 hours at one-hour resolution, the
/// last 7 and 30 days at one-day resolution (the watermark's UTC day so far and the 6 or 29 days before it). Buckets are
/// sparse (only slots with activity exist) and sorted by slot, so a quiet subscriber costs a few dozen bytes. Windows
/// end at the watermark: the latest event time seen. Stored packed (<see cref="PackedWindows"/>); lists keep the
/// capacity they need, not the doubling a list grows by, since a million of them stay resident.
/// </summary>
[Alias("activity-windows.v1")]
public sealed class ActivityWindows
{
    public const int MinuteSlots = 60;
    public const int HourSlots = 24;
    public const int WeekDays = 7;
    public const int DaySlots = 30;

    public List<ActivityBucket> Minutes { get; init; } = [];
    public List<ActivityBucket> Hours { get; init; } = [];
    public List<ActivityBucket> Days { get; init; } = [];
    public DateTime Watermark { get; private set; }

    /// <summary>Windows as stored: <paramref name="watermark"/> and the buckets, which <see cref="Advance"/> prunes at the next CDR.</summary>
    public static ActivityWindows Restore(DateTime watermark, List<ActivityBucket> minutes, List<ActivityBucket> hours, List<ActivityBucket> days) =>
        new() { Watermark = watermark, Minutes = minutes, Hours = hours, Days = days };

    public static int MinuteOf(DateTime utc) => (int)(utc.Ticks / TimeSpan.TicksPerMinute);
    public static int HourOf(DateTime utc) => (int)(utc.Ticks / TimeSpan.TicksPerHour);
    public static int DayOf(DateTime utc) => (int)(utc.Ticks / TimeSpan.TicksPerDay);

    /// <summary>Moves the windows' end forward to <paramref name="eventUtc"/> when it is later, dropping expired slots.</summary>
    public void Advance(DateTime eventUtc)
    {
        if (eventUtc <= Watermark)
        {
            return;
        }
        Watermark = eventUtc;
        Prune(Minutes, MinuteOf(eventUtc) - MinuteSlots + 1);
        Prune(Hours, HourOf(eventUtc) - HourSlots + 1);
        Prune(Days, DayOf(eventUtc) - DaySlots + 1);
    }

    /// <summary>
    /// Counts an originated CDR in every window it falls in; <paramref name="international"/> says whether it went
    /// abroad, <paramref name="night"/> whether it started at night. Returns false when it is too late for all of them.
    /// </summary>
    public bool Add(CallDetailRecord cdr, bool international, bool night)
    {
        var t = cdr.StartUtc;
        var any = false;
        if (MinuteOf(t) > MinuteOf(Watermark) - MinuteSlots)
        {
            AddTo(Minutes, MinuteOf(t), cdr, international, night);
            any = true;
        }
        if (HourOf(t) > HourOf(Watermark) - HourSlots)
        {
            AddTo(Hours, HourOf(t), cdr, international, night);
            any = true;
        }
        if (DayOf(t) > DayOf(Watermark) - DaySlots)
        {
            AddTo(Days, DayOf(t), cdr, international, night);
            any = true;
        }
        return any;
    }

    /// <summary>The four windows as of the watermark; the last 7 and 30 days come from one pass over the days.</summary>
    public IReadOnlyList<WindowTotals> Totals()
    {
        var week = new Sums();
        var month = new Sums();
        var firstWeekDay = DayOf(Watermark) - WeekDays + 1;
        var firstMonthDay = DayOf(Watermark) - DaySlots + 1;
        foreach (var b in Days)
        {
            if (b.Slot >= firstMonthDay)
            {
                month.Add(b);
                if (b.Slot >= firstWeekDay)
                {
                    week.Add(b);
                }
            }
        }
        return [LastHour(), Last24Hours(), week.Totals("7d"), month.Totals("30d")];
    }

    // One at a time, for rules: a campaign that reads H24 should not pay for summing 30 days.
    public WindowTotals LastHour() => Sum("1h", Minutes, MinuteOf(Watermark) - MinuteSlots + 1);

    public WindowTotals Last24Hours() => Sum("24h", Hours, HourOf(Watermark) - HourSlots + 1);

    public WindowTotals Last7Days() => Sum("7d", Days, DayOf(Watermark) - WeekDays + 1);

    public WindowTotals Last30Days() => Sum("30d", Days, DayOf(Watermark) - DaySlots + 1);

    private static void AddTo(List<ActivityBucket> buckets, int slot, CallDetailRecord cdr, bool international, bool night)
    {
        // Buckets are sorted by slot and CDRs mostly arrive in time order: search from the end.
        var index = buckets.Count - 1;
        while (index >= 0 && buckets[index].Slot > slot)
        {
            index--;
        }
        if (index < 0 || buckets[index].Slot != slot)
        {
            if (buckets.Count == buckets.Capacity)
            {
                buckets.Capacity = buckets.Count + 1 + buckets.Count / 4;
            }
            buckets.Insert(index + 1, new ActivityBucket { Slot = slot });
            index++;
        }
        ref var bucket = ref CollectionsMarshal.AsSpan(buckets)[index];
        switch (cdr.Type)
        {
            case CdrType.Voice:
                bucket.Calls++;
                bucket.VoiceSeconds += cdr.DurationSeconds;
                break;
            case CdrType.Sms:
                bucket.Sms++;
                break;
            case CdrType.Data:
                bucket.DataSessions++;
                bucket.DataBytes += cdr.DataBytes;
                break;
        }
        bucket.Spend += cdr.Charge;
        bucket.International += international ? 1 : 0;
        bucket.Dropped += cdr.Result == CallResult.Dropped ? 1 : 0;
        bucket.Night += night ? 1 : 0;
    }

    private static void Prune(List<ActivityBucket> buckets, int firstLiveSlot)
    {
        var expired = 0;
        while (expired < buckets.Count && buckets[expired].Slot < firstLiveSlot)
        {
            expired++;
        }
        if (expired > 0)
        {
            buckets.RemoveRange(0, expired);
        }
    }

    private static WindowTotals Sum(string name, List<ActivityBucket> buckets, int firstSlot)
    {
        var sums = new Sums();
        foreach (var b in buckets)
        {
            if (b.Slot >= firstSlot)
            {
                sums.Add(b);
            }
        }
        return sums.Totals(name);
    }

    private struct Sums
    {
        private long calls, seconds, sms, sessions, bytes, international, dropped, night;
        private decimal spend;

        public void Add(in ActivityBucket b)
        {
            calls += b.Calls;
            seconds += b.VoiceSeconds;
            sms += b.Sms;
            sessions += b.DataSessions;
            bytes += b.DataBytes;
            spend += b.Spend;
            international += b.International;
            dropped += b.Dropped;
            night += b.Night;
        }

        public readonly WindowTotals Totals(string name)
        {
            var cdrs = calls + sms + sessions;
            return new WindowTotals(name, calls, Math.Round(seconds / 60.0, 2), sms, bytes, spend, sessions, international, dropped,
                cdrs == 0 ? 0 : Math.Round(night / (double)cdrs, 4));
        }
    }
}
