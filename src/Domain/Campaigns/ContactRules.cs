using System.Globalization;
using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// The contact policy (<see cref="ContactPolicy"/>) as the campaign walk applies it to a subscriber's CDR, after each
/// campaign's own caps, in this order: opted out (STOP, or no consent in the profile: never offered, whatever the
/// policy), the global control group (held out, so that the group is the same whatever the caps), quiet hours, the
/// daily cap, the weekly cap. Times are the subscriber's local ones; the caps count offers sent, over all campaigns.
/// </summary>
public sealed class ContactRules
{
    public static readonly ContactRules None = new(ContactPolicy.None);

    public ContactRules(ContactPolicy policy)
    {
        Policy = policy;
        MaxPerDay = policy.MaxPerDay is > 0 ? policy.MaxPerDay : null;
        MaxPerWeek = policy.MaxPerWeek is > 0 ? policy.MaxPerWeek : null;
        Quiet = ParseQuietHours(policy.QuietHours, out _);
    }

    public ContactPolicy Policy { get; }

    public int? MaxPerDay { get; }

    public int? MaxPerWeek { get; }

    /// <summary>Quiet hours as minutes of the local day, start inclusive, end exclusive (wrapping past midnight when end &lt; start).</summary>
    public (int Start, int End)? Quiet { get; }

    /// <summary>The rule that stops an offer to this subscriber on a CDR at <paramref name="local"/> (its local time), or null.</summary>
    public string? Stop(SubscriberState state, string msisdn, DateTime local)
    {
        if (state.NoMarketing)
        {
            return PolicyRules.OptedOut;
        }
        if (Policy.GlobalControlShare > 0 && OfferIds.IsHeldOut(GlobalControlKey, msisdn, Policy.GlobalControlShare))
        {
            return PolicyRules.GlobalControl;
        }
        if (Quiet is var (start, end) && InQuietHours(local.Hour * 60 + local.Minute, start, end))
        {
            return PolicyRules.QuietHours;
        }
        if (MaxPerDay is null && MaxPerWeek is null || state.Offers is not { } history)
        {
            return null;
        }
        var day = DateOnly.FromDateTime(local).DayNumber;
        if (MaxPerDay is { } perDay && history.SentWithin(day, 1) >= perDay)
        {
            return PolicyRules.DailyCap;
        }
        return MaxPerWeek is { } perWeek && history.SentWithin(day, 7) >= perWeek ? PolicyRules.WeeklyCap : null;
    }

    /// <summary>What the global control group is drawn with: a subscriber is in it, or not, whatever the campaign.</summary>
    /// <summary>
    /// When the quiet hours that hold at <paramref name="local"/> (the subscriber's local time in <paramref name="zone"/>)
    /// end, in UTC; null when none hold.
    /// </summary>
    public DateTime? QuietEndsUtc(DateTime local, TimeZoneInfo zone)
    {
        if (Quiet is not var (start, end) || !InQuietHours(local.Hour * 60 + local.Minute, start, end))
        {
            return null;
        }
        var minute = local.Hour * 60 + local.Minute;
        var endLocal = DateTime.SpecifyKind(local.Date.AddMinutes(end), DateTimeKind.Unspecified);
        if (end <= minute)
        {
            endLocal = endLocal.AddDays(1); // past midnight: they end tomorrow
        }
        // An end that falls in a clock change's gap does not exist locally: the first minute after the gap does.
        while (zone.IsInvalidTime(endLocal))
        {
            endLocal = endLocal.AddMinutes(15);
        }
        return TimeZoneInfo.ConvertTimeToUtc(endLocal, zone);
    }

    public const string GlobalControlKey = "contact-policy";

    private static bool InQuietHours(int minute, int start, int end) =>
        start < end ? minute >= start && minute < end : minute >= start || minute < end;

    /// <summary>"HH:mm-HH:mm" as minutes of the day; null with <paramref name="error"/> when it is not that (null and no error when empty).</summary>
    public static (int Start, int End)? ParseQuietHours(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && Minute(parts[0]) is { } start && Minute(parts[1]) is { } end)
        {
            if (start != end)
            {
                return (start, end);
            }
            error = $"quiet hours '{text}' start and end at the same time; give a span such as 21:00-08:00";
            return null;
        }
        error = $"quiet hours '{text}' are not a span of local time such as 21:00-08:00 (HH:mm-HH:mm, may pass midnight)";
        return null;
    }

    private static int? Minute(string text) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.Hour * 60 + time.Minute
            : null;

    /// <summary>Every problem of <paramref name="policy"/>; empty when it can be applied.</summary>
    public static IReadOnlyList<string> Validate(ContactPolicy? policy)
    {
        if (policy is null)
        {
            return ["no policy given"];
        }
        var errors = new List<string>();
        if (policy.MaxPerDay is < 0 or > 1_000)
        {
            errors.Add($"maxPerDay is {policy.MaxPerDay}; accepted: 1 to 1000, or none (0 or absent)");
        }
        if (policy.MaxPerWeek is < 0 or > 10_000)
        {
            errors.Add($"maxPerWeek is {policy.MaxPerWeek}; accepted: 1 to 10000, or none (0 or absent)");
        }
        if (policy.MaxPerDay is > 0 && policy.MaxPerWeek is > 0 && policy.MaxPerWeek < policy.MaxPerDay)
        {
            errors.Add($"maxPerWeek ({policy.MaxPerWeek}) is below maxPerDay ({policy.MaxPerDay}); a week holds at least a day");
        }
        ParseQuietHours(policy.QuietHours, out var quiet);
        if (quiet is not null)
        {
            errors.Add(quiet);
        }
        if (!(policy.GlobalControlShare >= 0 && policy.GlobalControlShare <= 0.5))
        {
            errors.Add($"globalControlShare is {policy.GlobalControlShare}; accepted: 0 to 0.5 (a share of the subscribers)");
        }
        return errors;
    }
}
