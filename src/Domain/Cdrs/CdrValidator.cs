using Cdr.Orleans.Contracts.Cdrs;

namespace Cdr.Orleans.Domain.Cdrs;

/// <summary>
/// The rules every CDR must pass before it is applied. Returns null for a valid CDR, otherwise a reason whose
/// first word is a stable code (used as the rejection counter's key), followed by the detail.
/// </summary>
public static class CdrValidator
{
    /// <summary>How far ahead of the engine's clock a CDR's start time may be (clock skew between switches).</summary>
    public static readonly TimeSpan DefaultFutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The longest voice call or data session accepted (a day; switches cut longer ones into parts).</summary>
    public const int MaxDurationSeconds = 86_400;

    public static string? Validate(CallDetailRecord cdr, DateTime nowUtc, TimeSpan futureTolerance)
    {
        if (ValidateShape(cdr) is { } reason)
        {
            return reason;
        }
        if (cdr.StartUtc > nowUtc + futureTolerance)
        {
            return $"future-time: start {cdr.StartUtc:O} is more than {futureTolerance.TotalMinutes:0} min after the engine clock {nowUtc:O}";
        }
        return null;
    }

    /// <summary>Every rule that does not depend on the engine's clock.</summary>
    public static string? ValidateShape(CallDetailRecord cdr)
    {
        if (string.IsNullOrWhiteSpace(cdr.Id))
        {
            return "missing-id: the CDR has no id";
        }
        if (!Msisdn.IsValid(cdr.Caller))
        {
            return $"bad-msisdn: caller '{cdr.Caller}' is not an E.164 number ('+' then 8 to 15 digits, no leading 0)";
        }
        if (!Msisdn.IsValid(cdr.Callee) && cdr.Type != CdrType.Data)
        {
            return $"bad-msisdn: callee '{cdr.Callee}' is not an E.164 number ('+' then 8 to 15 digits, no leading 0)";
        }
        if (!Enum.IsDefined(cdr.Type))
        {
            return $"unknown-type: type {(int)cdr.Type} is not one of voice, sms, data";
        }
        if (!Enum.IsDefined(cdr.Result))
        {
            return $"unknown-result: result {(int)cdr.Result} is not one of answered, busy, no_answer, dropped";
        }
        if (cdr.DurationSeconds is < 0 or > MaxDurationSeconds)
        {
            return $"bad-duration: duration {cdr.DurationSeconds}s is outside 0..{MaxDurationSeconds}";
        }
        if (cdr.DataBytes < 0)
        {
            return $"bad-volume: data volume {cdr.DataBytes} bytes is negative";
        }
        if (cdr.Charge < 0)
        {
            return $"bad-charge: charge {cdr.Charge} is negative";
        }
        if (cdr.StartUtc.Kind != DateTimeKind.Utc)
        {
            return $"bad-time: start time {cdr.StartUtc:O} is not UTC";
        }
        return null;
    }

    /// <summary>The stable code of a rejection reason: its first word, before the colon.</summary>
    public static string CodeOf(string reason)
    {
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? reason : reason[..colon];
    }
}
