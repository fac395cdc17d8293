using Cdr.Orleans.Contracts.Cdrs;

namespace Cdr.Orleans.Domain.Cdrs;

/// <summary>
/// The rules every CDR must pass before it is applied. Returns null for a valid CDR, otherwise the rejection: a
/// stable code (the rejection counter's key) and the detail.
/// </summary>
public static class CdrValidator
{
    /// <summary>How far ahead of the engine's clock a CDR's start time may be (clock skew between switches).</summary>
    public static readonly TimeSpan DefaultFutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The longest voice call or data session accepted (a day; switches cut longer ones into parts).</summary>
    public const int MaxDurationSeconds = 86_400;

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
        if (string.IsNullOrWhiteSpace(cdr.Id))
        {
            return new CdrRejection("missing-id", "the CDR has no id");
        }
        if (!Msisdn.IsValid(cdr.Caller))
        {
            return new CdrRejection("bad-msisdn", $"caller '{cdr.Caller}' is not an E.164 number ('+' then 8 to 15 digits, no leading 0)", cdr.Caller);
        }
        if (!Msisdn.IsValid(cdr.Callee) && cdr.Type != CdrType.Data)
        {
            return new CdrRejection("bad-msisdn", $"callee '{cdr.Callee}' is not an E.164 number ('+' then 8 to 15 digits, no leading 0)", cdr.Callee);
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
        if (cdr.DataBytes < 0)
        {
            return new CdrRejection("bad-volume", $"data volume {cdr.DataBytes} bytes is negative");
        }
        if (cdr.Charge < 0)
        {
            return new CdrRejection("bad-charge", $"charge {cdr.Charge} is negative");
        }
        if (cdr.StartUtc.Kind != DateTimeKind.Utc)
        {
            return new CdrRejection("bad-time", $"start time {cdr.StartUtc:O} is not UTC");
        }
        return null;
    }
}
