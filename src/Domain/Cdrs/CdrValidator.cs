using Cdr.Orleans.Contracts.Cdrs;

namespace Cdr.Orleans.Domain.Cdrs;

/// <summary>
/// The rules every CDR must pass before it is applied. Returns null for a valid CDR, otherwise the rejection: a
/// stable code (the rejection counter's key) and the detail. Every number and date a CDR carries is bounded here, so
/// that no CDR, and no lifetime of CDRs, can overflow what a subscriber's totals hold. The callee is not checked: a
/// CDR is its caller's activity, and <see cref="CdrIntake"/> keeps one whose callee is not a number.
/// </summary>
public static class CdrValidator
{
    /// <summary>How far ahead of the engine's clock a CDR's start time may be (clock skew between switches).</summary>
    public static readonly TimeSpan DefaultFutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The longest voice call or data session accepted (a day; switches cut longer ones into parts).</summary>
    public const int MaxDurationSeconds = 86_400;

    /// <summary>The earliest start time accepted: older CDRs are a wrong clock or a wrong column.</summary>
    public static readonly DateTime MinStartUtc = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The latest start time accepted whatever the clock (the engine also refuses CDRs from its future).</summary>
    public static readonly DateTime MaxStartUtc = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The most one data session may carry: 1 TiB, so a subscriber's total holds 8 million such sessions.</summary>
    public const long MaxDataBytes = 1L << 40;

    /// <summary>The largest charge of one CDR (account currency).</summary>
    public const decimal MaxCharge = 1_000_000m;

    public const int MaxIdLength = 128;

    public const int MaxRegionLength = 64;

    public static CdrRejection? Validate(CallDetailRecord cdr, DateTime nowUtc, TimeSpan futureTolerance)
    {
        if (ValidateShape(cdr) is { } reason)
        {
            return reason;
        }
        if (cdr.StartUtc > nowUtc + futureTolerance)
        {
            return new CdrRejection("future-time", $"start {cdr.StartUtc:O} is more than {futureTolerance.TotalMinutes:0} min after the engine clock {nowUtc:O}");
        }
        return null;
    }

    /// <summary>Every rule that does not depend on the engine's clock.</summary>
    public static CdrRejection? ValidateShape(CallDetailRecord cdr)
    {
        if (string.IsNullOrWhiteSpace(cdr.Id) || cdr.Id.Length > MaxIdLength || HasControl(cdr.Id))
        {
            return new CdrRejection("bad-id", $"the CDR id is missing, longer than {MaxIdLength} characters or holds control characters");
        }
        if (!Msisdn.IsValid(cdr.Caller))
        {
            return new CdrRejection("bad-msisdn", $"caller '{Printable(cdr.Caller)}' is not an E.164 number ('+' then 8 to 15 digits, no leading 0)", cdr.Caller);
        }
        if (!Enum.IsDefined(cdr.Type))
        {
            return new CdrRejection("unknown-type", $"type {(int)cdr.Type} is not one of voice, sms, data");
        }
        if (!Enum.IsDefined(cdr.Result))
        {
            return new CdrRejection("unknown-result", $"result {(int)cdr.Result} is not one of answered, busy, no_answer, dropped");
        }
        if (cdr.DurationSeconds is < 0 or > MaxDurationSeconds)
        {
            return new CdrRejection("bad-duration", $"duration {cdr.DurationSeconds}s is outside 0..{MaxDurationSeconds}");
        }
        if (cdr.DataBytes is < 0 or > MaxDataBytes)
        {
            return new CdrRejection("bad-volume", $"data volume {cdr.DataBytes} bytes is outside 0..{MaxDataBytes} (1 TiB)");
        }
        if (cdr.Charge is < 0 or > MaxCharge)
        {
            return new CdrRejection("bad-charge", $"charge {cdr.Charge} is outside 0..{MaxCharge}");
        }
        if (cdr.StartUtc.Kind != DateTimeKind.Utc)
        {
            return new CdrRejection("bad-time", $"start time {cdr.StartUtc:O} is not UTC");
        }
        if (cdr.StartUtc < MinStartUtc || cdr.StartUtc >= MaxStartUtc)
        {
            return new CdrRejection("bad-time", $"start time {cdr.StartUtc:O} is outside {MinStartUtc:yyyy-MM-dd} to {MaxStartUtc:yyyy-MM-dd}");
        }
        if (!IsName(cdr.Region, MaxRegionLength))
        {
            return new CdrRejection("bad-region", $"region '{Printable(cdr.Region)}' is not accepted; give up to {MaxRegionLength} letters, digits, spaces and - ' . , & / ( ), or nothing");
        }
        if (!IsName(cdr.Operator, MaxRegionLength))
        {
            return new CdrRejection("bad-operator", $"operator '{Printable(cdr.Operator)}' is not accepted; give up to {MaxRegionLength} letters, digits, spaces and - ' . , & / ( ), or nothing");
        }
        if (cdr.CalleeCountry is { Length: > 0 } country && !IsCountryCode(country))
        {
            return new CdrRejection("bad-country", $"callee country '{Printable(country)}' is not an ISO 3166 alpha-2 code such as GB, or empty to take it from the number");
        }
        return null;
    }

    /// <summary>Whether <paramref name="code"/> is two ASCII capitals (ISO 3166 alpha-2; "ZZ" for unknown).</summary>
    public static bool IsCountryCode(string code) => code.Length == 2 && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1]);

    /// <summary>Null, empty, or up to <paramref name="maxLength"/> letters (any script), digits, spaces and - ' . , &amp; / ( ).</summary>
    public static bool IsName(string? text, int maxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (text.Length > maxLength)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsLetterOrDigit(c) && c is not (' ' or '-' or '\'' or '.' or ',' or '&' or '/' or '(' or ')'))
            {
                return false;
            }
        }
        return true;
    }

    private static bool HasControl(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A value as an error message or a terminal may show it: at most <paramref name="max"/> characters, control characters as '?'.</summary>
    public static string Printable(string? text, int max = 40)
    {
        if (text is null)
        {
            return "";
        }
        var cut = text.Length > max ? text[..max] + "..." : text;
        return HasControl(cut) ? new string([.. cut.Select(c => char.IsControl(c) ? '?' : c)]) : cut;
    }
}
