using Cdr.Orleans.Contracts.Cdrs;

namespace Cdr.Orleans.Domain.Accounts;

/// <summary>
/// Folds the operator's events into an <see cref="AccountState"/>. Deterministic and free of I/O and clocks, like
/// <see cref="SubscriberFold"/>. Events can arrive late (another feed, another clock): a late one is counted and kept
/// in the history (a top-up, a day's low) but never replaces what a later event said (the balance, the bundle, the
/// country, the device).
/// </summary>
public static class AccountFold
{
    /// <param name="homeCountry">The network's country: a registration there is a return home.</param>
    public static void Apply(AccountState account, CallDetailRecord record, string homeCountry)
    {
        var e = record.Event ?? throw new ArgumentException($"record {record.Id} is a {record.Type} event without figures", nameof(record));
        var at = record.StartUtc;
        account.Events++;
        if (at >= account.LastEventUtc)
        {
            (account.LastKind, account.LastEventUtc) = (record.Type, at);
        }
        switch (record.Type)
        {
            case CdrType.TopUp:
                TopUp(account, e, at);
                break;
            case CdrType.Balance:
                SetBalance(account, e.Balance!.Value, at);
                break;
            case CdrType.Bundle:
                Bundle(account, e, at);
                break;
            case CdrType.Registration:
                Register(account, e.Country!, at, homeCountry);
                break;
            case CdrType.DeviceChange:
                ChangeDevice(account, e.Device!, at);
                break;
        }
    }

    private static void TopUp(AccountState account, OperatorEvent e, DateTime at)
    {
        // The balance just before: what the event says it left minus the amount, else the latest known before it.
        decimal? before = e.Balance is { } after ? after - e.Amount
            : account.Balance is { } known && account.BalanceUtc <= at ? known : null;
        account.TopUps++;
        account.TopUpAmount += e.Amount;
        if (at >= account.LastTopUpUtc)
        {
            (account.LastTopUpUtc, account.LastTopUpAmount, account.LastTopUpChannel) = (at, e.Amount, e.Channel);
        }
        var marks = account.RecentTopUps ??= new List<TopUpMark>(AccountState.Kept);
        var index = marks.Count;
        while (index > 0 && marks[index - 1].AtUtc > at)
        {
            index--;
        }
        marks.Insert(index, new TopUpMark(at, before));
        if (marks.Count > AccountState.Kept)
        {
            marks.RemoveAt(0);
        }
        if ((e.Balance ?? before + e.Amount) is { } balance)
        {
            SetBalance(account, balance, at);
        }
    }

    private static void SetBalance(AccountState account, decimal balance, DateTime at)
    {
        var day = ActivityWindows.DayOf(at);
        var lows = account.Lows ??= new List<DayLow>(AccountState.Kept);
        var index = lows.Count;
        while (index > 0 && lows[index - 1].Day > day)
        {
            index--;
        }
        if (index > 0 && lows[index - 1].Day == day)
        {
            lows[index - 1] = lows[index - 1] with { Low = Math.Min(lows[index - 1].Low, balance) };
        }
        else if (index > 0 || lows.Count < AccountState.Kept)
        {
            lows.Insert(index, new DayLow(day, balance));
            if (lows.Count > AccountState.Kept)
            {
                lows.RemoveAt(0);
            }
        }
        if (at >= account.BalanceUtc)
        {
            (account.PreviousBalance, account.Balance, account.BalanceUtc) = (account.Balance, balance, at);
        }
    }

    private static void Bundle(AccountState account, OperatorEvent e, DateTime at)
    {
        if (at < account.BundleUtc)
        {
            return;
        }
        // A new period (another renewal time, or less used than before) starts from nothing used.
        var newPeriod = account.BundleAllowance == 0 || e.RenewalUtc != account.BundleRenewalUtc || e.Used < account.BundleUsed;
        account.BundleShareBefore = newPeriod ? 0 : account.BundleShare;
        (account.BundleAllowance, account.BundleUsed, account.BundleRenewalUtc, account.BundleUtc) = (e.Allowance, e.Used, e.RenewalUtc, at);
    }

    private static void Register(AccountState account, string country, DateTime at, string homeCountry)
    {
        if (at < account.RegistrationUtc)
        {
            return;
        }
        var abroad = !string.Equals(country, homeCountry, StringComparison.Ordinal);
        account.PreviousCountry = account.VisitedCountry;
        if (abroad && account.VisitedCountry is null)
        {
            // A trip starts; moving on to a third country is the same trip.
            account.Trips++;
            account.RoamingSinceUtc = at;
        }
        account.VisitedCountry = abroad ? country : null;
        account.RegistrationUtc = at;
    }

    private static void ChangeDevice(AccountState account, string device, DateTime at)
    {
        if (at < account.DeviceSinceUtc || string.Equals(device, account.Device, StringComparison.Ordinal))
        {
            return;
        }
        (account.PreviousDevice, account.Device, account.DeviceSinceUtc) = (account.Device, device, at);
        account.DeviceChanges++;
    }
}
