using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Cdrs;

namespace Cdr.Orleans.Domain;

/// <summary>
/// Folds CDRs into a <see cref="SubscriberState"/>. Deterministic and free of I/O and clocks: the same CDRs in the
/// same order always give the same state, which is what the tests and the exactly-once guarantee lean on.
/// </summary>
public static class SubscriberFold
{
    public const int TopCalleeCount = 5;

    /// <summary>A CDR the subscriber originated, or an operator event about it (<see cref="Accounts.AccountFold"/>).</summary>
    public static void ApplyOutgoing(SubscriberState state, CallDetailRecord cdr, HomeNetwork network,
        Contracts.Callees.CalleeCategory category = Contracts.Callees.CalleeCategory.Private)
    {
        if (CdrNames.IsEvent(cdr.Type))
        {
            // Time passes for the windows too: a rule evaluated on the event sees the last hour as of the event.
            Accounts.AccountFold.Apply(state.Account ??= new Accounts.AccountState(), cdr, network.Country);
            state.Windows.Advance(cdr.StartUtc);
            return;
        }
        // What can overflow is computed before anything changes, so that a CDR the totals cannot hold (the validator
        // bounds make it unreachable from the stream) throws with the state as it was, and the grain sets it aside.
        var spend = state.Spend + cdr.Charge;
        var dataBytes = cdr.Type == CdrType.Data ? checked(state.DataBytes + cdr.DataBytes) : state.DataBytes;
        var voiceSeconds = cdr.Type == CdrType.Voice ? checked(state.VoiceSeconds + cdr.DurationSeconds) : state.VoiceSeconds;
        var calleeKey = cdr.Type == CdrType.Data ? 0 : Msisdn.ToKey(cdr.Callee);
        state.CdrsApplied++;
        state.Windows.Advance(cdr.StartUtc);
        switch (cdr.Type)
        {
            case CdrType.Voice:
                state.VoiceCalls++;
                state.VoiceSeconds = voiceSeconds;
                state.CalleeSummary().Add(calleeKey);
                (state.RecentCalls ??= new()).Add(calleeKey, cdr.StartUtc, state.Windows.Watermark);
                state.CountCategory(category);
                break;
            case CdrType.Sms:
                state.SmsCount++;
                state.CalleeSummary().Add(calleeKey);
                state.CountCategory(category);
                break;
            case CdrType.Data:
                state.DataSessions++;
                state.DataBytes = dataBytes;
                break;
        }
        state.Spend = spend;
        switch (cdr.Result)
        {
            case CallResult.Answered: state.Answered++; break;
            case CallResult.Busy: state.Busy++; break;
            case CallResult.NoAnswer: state.NoAnswer++; break;
            case CallResult.Dropped: state.Dropped++; break;
        }
        var international = network.IsInternational(cdr);
        if (international)
        {
            state.International++;
        }
        if (cdr.Roaming)
        {
            state.Roaming++;
        }
        var local = state.Local(cdr.StartUtc, cdr.Caller);
        var partOfDay = PartOfDayOf(local.Hour);
        state.PartOfDay[(int)partOfDay]++;
        CountAnsweredCall(state, cdr, local);
        state.Windows.Add(cdr, international, partOfDay == PartOfDay.Night);
    }

    /// <summary>A voice call or SMS the subscriber received. Data sessions have no callee and are ignored.</summary>
    public static void ApplyIncoming(SubscriberState state, CallDetailRecord cdr)
    {
        switch (cdr.Type)
        {
            case CdrType.Voice:
                state.IncomingSeconds = checked(state.IncomingSeconds + cdr.DurationSeconds);
                state.IncomingCalls++;
                break;
            case CdrType.Sms:
                state.IncomingSms++;
                break;
            default:
                return;
        }
        state.CdrsApplied++;
        if (cdr.Type == CdrType.Voice && cdr.Result == CallResult.Answered)
        {
            CountAnsweredCall(state, cdr, state.Local(cdr.StartUtc, cdr.Callee));
        }
        // The windows do not move: they hold what the subscriber originated and end at its latest originated CDR, so
        // a campaign rule sees the same windows whatever order other subscribers' calls to it arrive in.
    }

    public static PartOfDay PartOfDayOf(int hour) => hour switch
    {
        >= 5 and < 12 => PartOfDay.Morning,
        >= 12 and < 17 => PartOfDay.Afternoon,
        >= 17 and < 22 => PartOfDay.Evening,
        _ => PartOfDay.Night,
    };

    public static SubscriberSnapshot Snapshot(string msisdn, SubscriberState state)
    {
        var totals = new SubscriberTotals(
            state.VoiceCalls, state.VoiceSeconds, state.SmsCount, state.DataSessions, state.DataBytes, state.Spend,
            state.Answered, state.Busy, state.NoAnswer, state.Dropped, state.International, state.Roaming,
            state.IncomingCalls, state.IncomingSeconds, state.IncomingSms);
        var callees = state.TopCallees ?? (state.Callees.Count > 0 ? CalleeSummary.From(state.Callees) : null);
        var topCallees = callees?.Top(TopCalleeCount).Select(c => new CalleeCount(Msisdn.FromKey(c.Key), c.Count)).ToList() ?? [];
        var lastEvent = state.Windows.Watermark == default ? (DateTime?)null : state.Windows.Watermark;
        return new SubscriberSnapshot(
            msisdn, state.Profile, totals, state.Windows.Totals(), Shares(state.PartOfDay), BestTime(state.WeekHours),
            topCallees, callees?.Distinct ?? 0, lastEvent, state.CdrsApplied, state.Offers?.Recent.ToList(), CalleeMixOf(state),
            TimeZone: state.Zone(msisdn).Id, OptedOutUtc: state.OptedOutUtc, Account: AccountOf(state.Account));
    }

    private static AccountSummary? AccountOf(Accounts.AccountState? a) => a is null ? null : new AccountSummary(
        a.Events, a.Events == 0 ? null : CdrNames.TypeName(a.LastKind), a.Events == 0 ? null : a.LastEventUtc,
        a.Balance, a.Balance is null ? null : a.BalanceUtc,
        a.TopUps, a.TopUpAmount, a.TopUps == 0 ? null : a.LastTopUpUtc, a.TopUps == 0 ? null : a.LastTopUpAmount, a.AverageBalanceBeforeTopUp,
        a.BundleAllowance == 0 ? null : a.BundleAllowance, a.BundleAllowance == 0 ? null : a.BundleUsed, a.BundleRenewalUtc,
        a.VisitedCountry, a.VisitedCountry is null ? null : a.RoamingSinceUtc, a.Trips, a.Device, a.DeviceChanges);

    private static CalleeMix CalleeMixOf(SubscriberState state)
    {
        var tags = state.TagCalls();
        return new CalleeMix(state.TopCategory.ToString(), state.TopTag.ToString(),
            Enum.GetValues<Contracts.Callees.CategoryTag>().Where(t => tags[(int)t] > 0).ToDictionary(t => t.ToString(), t => tags[(int)t]));
    }

    /// <summary>An answered voice call, in the weekday x hour of the subscriber's local time <paramref name="local"/>.</summary>
    private static void CountAnsweredCall(SubscriberState state, CallDetailRecord cdr, DateTime local)
    {
        if (cdr.Type != CdrType.Voice || cdr.Result != CallResult.Answered)
        {
            return;
        }
        state.CountWeekHour(local);
    }

    private static TimeOfDayShares Shares(long[] parts)
    {
        double total = parts.Sum();
        if (total == 0)
        {
            return new TimeOfDayShares(0, 0, 0, 0);
        }
        return new TimeOfDayShares(
            Math.Round(parts[(int)PartOfDay.Night] / total, 4),
            Math.Round(parts[(int)PartOfDay.Morning] / total, 4),
            Math.Round(parts[(int)PartOfDay.Afternoon] / total, 4),
            Math.Round(parts[(int)PartOfDay.Evening] / total, 4));
    }

    private static BestTimeToCall? BestTime(WeekHourCounts? weekHours) =>
        weekHours?.Best() is { } best ? new BestTimeToCall((DayOfWeek)(best / 24), best % 24, weekHours[best]) : null;
}
