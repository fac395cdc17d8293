using Cdr.Orleans.Contracts.Cdrs;

namespace Cdr.Orleans.Domain.Cdrs;

/// <summary>The names of CDR types and results as files, rules and the traffic views write them: "voice", "no_answer".</summary>
public static class CdrNames
{
    public static string TypeName(CdrType type) => type switch
    {
        CdrType.Voice => "voice",
        CdrType.Sms => "sms",
        CdrType.Data => "data",
        _ => type.ToString(),
    };

    public static string ResultName(CallResult result) => result switch
    {
        CallResult.Answered => "answered",
        CallResult.Busy => "busy",
        CallResult.NoAnswer => "no_answer",
        CallResult.Dropped => "dropped",
        _ => result.ToString(),
    };

    /// <summary>A type by its name, in any case.</summary>
    public static bool TryParseType(string text, out CdrType type)
    {
        switch (text.ToLowerInvariant())
        {
            case "voice": type = CdrType.Voice; return true;
            case "sms": type = CdrType.Sms; return true;
            case "data": type = CdrType.Data; return true;
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
