using Cdr.Orleans.Contracts.Cdrs;

namespace Cdr.Orleans.Domain.Cdrs;

/// <summary>
/// The names of CDR types, operator events and results as files, rules and the traffic views write them: "voice",
/// "top_up", "no_answer".
/// </summary>
public static class CdrNames
{
    /// <summary>The CDR types, as a message lists them.</summary>
    public const string CdrTypes = "voice, sms, data";

    /// <summary>The operator's events, as a message lists them.</summary>
    public const string EventKinds = "top_up, balance, bundle, registration, device_change";

    public static string TypeName(CdrType type) => type switch
    {
        CdrType.Voice => "voice",
        CdrType.Sms => "sms",
        CdrType.Data => "data",
        CdrType.TopUp => "top_up",
        CdrType.Balance => "balance",
        CdrType.Bundle => "bundle",
        CdrType.Registration => "registration",
        CdrType.DeviceChange => "device_change",
        _ => type.ToString(),
    };

    /// <summary>Whether the record is one of the operator's events rather than a CDR.</summary>
    public static bool IsEvent(CdrType type) => type >= CdrType.TopUp;

    /// <summary>Whether the record is a voice call or an SMS: the kinds with a callee.</summary>
    public static bool IsCall(CdrType type) => type is CdrType.Voice or CdrType.Sms;

    public static string ResultName(CallResult result) => result switch
    {
        CallResult.Answered => "answered",
        CallResult.Busy => "busy",
        CallResult.NoAnswer => "no_answer",
        CallResult.Dropped => "dropped",
        _ => result.ToString(),
    };

    /// <summary>A CDR type or an event kind by its name, in any case ("top-up" and "topup" for top_up too).</summary>
    public static bool TryParseType(string text, out CdrType type)
    {
        switch (text.ToLowerInvariant())
        {
            case "voice": type = CdrType.Voice; return true;
            case "sms": type = CdrType.Sms; return true;
            case "data": type = CdrType.Data; return true;
            case "top_up" or "top-up" or "topup": type = CdrType.TopUp; return true;
            case "balance": type = CdrType.Balance; return true;
            case "bundle": type = CdrType.Bundle; return true;
            case "registration": type = CdrType.Registration; return true;
            case "device_change" or "device-change" or "device": type = CdrType.DeviceChange; return true;
            default: type = default; return false;
        }
    }

    /// <summary>A result by its name, in any case.</summary>
    public static bool TryParseResult(string text, out CallResult result)
    {
        switch (text.ToLowerInvariant())
        {
            case "answered": result = CallResult.Answered; return true;
            case "busy": result = CallResult.Busy; return true;
            case "no_answer": result = CallResult.NoAnswer; return true;
            case "dropped": result = CallResult.Dropped; return true;
            default: result = default; return false;
        }
    }
}
