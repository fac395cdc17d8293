using Cdr.Orleans.Contracts.Cdrs;

namespace Cdr.Orleans.Domain.Accounts;

/// <summary>
/// What the operator's events say about a subscriber (<see cref="AccountFold"/> folds them): the balance and its recent
/// lows, the top-ups and the balance each came at, the data bundle, where the handset is registered, and the handset.
/// Null in a subscriber's state until its first event, so a feed of CDRs only costs nothing. Persisted: never renumber
/// an [Id]; add new ones at the end.
/// </summary>
[GenerateSerializer, Alias("account-state.v1")]
public sealed class AccountState
{
    /// <summary>How many top-ups, and balance lows by day, are kept for <see cref="AverageBalanceBeforeTopUp"/> and the rules' history helpers.</summary>
    public const int Kept = 8;

    /// <summary>Operator events applied.</summary>
    [Id(0)] public long Events { get; set; }

    /// <summary>The kind and time of the latest event (by event time).</summary>
    [Id(1)] public CdrType LastKind { get; set; }

    [Id(2)] public DateTime LastEventUtc { get; set; }

    /// <summary>The latest balance known (from a balance event, or a top-up that said it or could add to a known one); null until then.</summary>
    [Id(3)] public decimal? Balance { get; set; }

    [Id(4)] public DateTime BalanceUtc { get; set; }

    /// <summary>The balance before the latest change of <see cref="Balance"/>; null when there was none.</summary>
    [Id(5)] public decimal? PreviousBalance { get; set; }

    /// <summary>The lowest balance of each of the latest <see cref="Kept"/> days with a balance (UTC days), oldest first.</summary>
    [Id(6)] public List<DayLow>? Lows { get; set; }

    [Id(7)] public long TopUps { get; set; }

    [Id(8)] public decimal TopUpAmount { get; set; }

    [Id(9)] public DateTime LastTopUpUtc { get; set; }

    [Id(10)] public decimal LastTopUpAmount { get; set; }

    [Id(11)] public string? LastTopUpChannel { get; set; }

    /// <summary>The latest <see cref="Kept"/> top-ups, oldest first: when, and the balance just before (null: not known).</summary>
    [Id(12)] public List<TopUpMark>? RecentTopUps { get; set; }

    /// <summary>The data bundle: allowance and bytes used (0: no bundle known), when it renews, and the share used before the latest bundle event.</summary>
    [Id(13)] public long BundleAllowance { get; set; }

    [Id(14)] public long BundleUsed { get; set; }

    [Id(15)] public DateTime? BundleRenewalUtc { get; set; }

    [Id(16)] public double BundleShareBefore { get; set; }

    [Id(17)] public DateTime BundleUtc { get; set; }

    /// <summary>The country the handset is registered in while abroad; null at home.</summary>
    [Id(18)] public string? VisitedCountry { get; set; }

    /// <summary>When the handset registered in <see cref="VisitedCountry"/>.</summary>
    [Id(19)] public DateTime RoamingSinceUtc { get; set; }

    /// <summary>Registrations abroad coming from home: trips.</summary>
    [Id(20)] public long Trips { get; set; }

    /// <summary>Where the handset was registered before the latest registration (null: at home, or none).</summary>
    [Id(21)] public string? PreviousCountry { get; set; }

    [Id(22)] public DateTime RegistrationUtc { get; set; }

    [Id(23)] public string? Device { get; set; }

    [Id(24)] public DateTime DeviceSinceUtc { get; set; }

    [Id(25)] public long DeviceChanges { get; set; }

    [Id(26)] public string? PreviousDevice { get; set; }

    /// <summary>The mean balance just before the latest top-ups whose balance is known; 0 when none is.</summary>
    public decimal AverageBalanceBeforeTopUp
    {
        get
        {
            var (sum, count) = (0m, 0);
            foreach (var mark in RecentTopUps ?? [])
            {
                if (mark.BalanceBefore is { } before)
                {
                    (sum, count) = (sum + before, count + 1);
                }
            }
            return count == 0 ? 0 : Math.Round(sum / count, 2, MidpointRounding.AwayFromZero);
        }
    }

    /// <summary>The share of the bundle used (used / allowance, 0 without a bundle; above 1 past the allowance).</summary>
    public double BundleShare => BundleAllowance <= 0 ? 0 : (double)BundleUsed / BundleAllowance;

    /// <summary>Top-ups among the latest <see cref="Kept"/> at or after <paramref name="sinceUtc"/>.</summary>
    public int TopUpsSince(DateTime sinceUtc) => RecentTopUps?.Count(t => t.AtUtc >= sinceUtc) ?? 0;

    /// <summary>The lowest balance of the UTC days from <paramref name="firstDay"/> (a day number) on; null when none is known.</summary>
    public decimal? LowestSince(int firstDay)
    {
        decimal? lowest = null;
        foreach (var low in Lows ?? [])
        {
            if (low.Day >= firstDay && (lowest is null || low.Low < lowest))
            {
                lowest = low.Low;
            }
        }
        return lowest;
    }
}

/// <summary>The lowest balance of one UTC day (<see cref="Day"/>: days since 0001-01-01).</summary>
[GenerateSerializer, Immutable, Alias("day-low.v1")]
public readonly record struct DayLow([property: Id(0)] int Day, [property: Id(1)] decimal Low);

/// <summary>A top-up: when, and the balance just before it (null: not known).</summary>
[GenerateSerializer, Immutable, Alias("top-up-mark.v1")]
public readonly record struct TopUpMark([property: Id(0)] DateTime AtUtc, [property: Id(1)] decimal? BalanceBefore);
