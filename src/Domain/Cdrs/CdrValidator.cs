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
            return new CdrRejection("unknown-type", $"type {(int)cdr.Type} is not one of {CdrNames.CdrTypes}, or an event: {CdrNames.EventKinds}");
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
        return CdrNames.IsEvent(cdr.Type) ? ValidateEvent(cdr) : null;
    }

    /// <summary>The longest top-up channel or device name accepted.</summary>
    public const int MaxEventNameLength = 64;

    /// <summary>What an operator event must carry for its kind; the fields of other kinds are not looked at.</summary>
    private static CdrRejection? ValidateEvent(CallDetailRecord record)
    {
        var kind = CdrNames.TypeName(record.Type);
        if (record.Event is not { } e)
        {
            return new CdrRejection("bad-event", $"a {kind} event carries no figures; give {Needs(record.Type)}");
        }
        if (e.Balance is { } balance && (balance < -MaxCharge || balance > MaxCharge))
        {
            return new CdrRejection("bad-balance", $"{kind} balance {balance} is outside -{MaxCharge}..{MaxCharge}");
        }
        switch (record.Type)
        {
            case CdrType.TopUp when e.Amount <= 0 || e.Amount > MaxCharge:
                return new CdrRejection("bad-amount", e.Amount < 0
                    ? $"top-up amount {e.Amount} is negative; a top-up adds credit: give an amount above 0 up to {MaxCharge}"
                    : $"top-up amount {e.Amount} is outside 0 (excluded)..{MaxCharge}");
            case CdrType.TopUp when !IsName(e.Channel, MaxEventNameLength):
                return new CdrRejection("bad-channel", $"top-up channel '{Printable(e.Channel)}' is not accepted; give up to {MaxEventNameLength} letters, digits, spaces and - ' . , & / ( ), or nothing");
            case CdrType.Balance when e.Balance is null:
                return new CdrRejection("bad-balance", "a balance event has no balance; give the account's balance after the charge, e.g. 2.35");
            case CdrType.Bundle when e.Allowance <= 0 || e.Allowance > MaxDataBytes:
                return new CdrRejection("bad-bundle", $"bundle allowance {e.Allowance} bytes is outside 1..{MaxDataBytes} (1 TiB)");
            case CdrType.Bundle when e.Used < 0 || e.Used > MaxDataBytes:
                return new CdrRejection("bad-bundle", $"bundle use {e.Used} bytes is outside 0..{MaxDataBytes} (1 TiB)");
            case CdrType.Bundle when e.RenewalUtc is { } renewal && (renewal.Kind != DateTimeKind.Utc || renewal < MinStartUtc || renewal >= MaxStartUtc):
                return new CdrRejection("bad-bundle", $"bundle renewal {renewal:O} is not a UTC time from {MinStartUtc:yyyy-MM-dd} to {MaxStartUtc:yyyy-MM-dd}");
            case CdrType.Registration when e.Country is null || !IsCountryCode(e.Country):
                return new CdrRejection("bad-country", $"registration country '{Printable(e.Country)}' is not an ISO 3166 alpha-2 code such as FR (the home country's code marks the return)");
            case CdrType.DeviceChange when string.IsNullOrWhiteSpace(e.Device) || !IsName(e.Device, MaxEventNameLength):
                return new CdrRejection("bad-device", $"device '{Printable(e.Device)}' is not accepted; give the new handset's name or TAC, up to {MaxEventNameLength} letters, digits, spaces and - ' . , & / ( )");
            default:
                return null;
        }
    }

    /// <summary>What an event of <paramref name="kind"/> must carry, as a message says it.</summary>
    public static string Needs(CdrType kind) => kind switch
    {
        CdrType.TopUp => "an amount above 0 (and optionally the channel and the balance after it)",
        CdrType.Balance => "the balance after the charge",
        CdrType.Bundle => "the allowance and the bytes used (and optionally the renewal time)",
        CdrType.Registration => "the visited country's ISO code (the home country's for a return)",
        CdrType.DeviceChange => "the new device's name or TAC",
        _ => "nothing more",
    };

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
