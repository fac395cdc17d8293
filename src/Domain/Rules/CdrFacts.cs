using Cdr.Orleans.Contracts.Cdrs;

namespace Cdr.Orleans.Domain.Rules;

/// <summary>The triggering CDR as a rule sees it; <paramref name="local"/> is its start in the subscriber's local time.</summary>
public sealed class CdrFacts(CallDetailRecord cdr, HomeNetwork network, DateTime local)
{
    /// <summary>"voice", "sms" or "data"; an operator event's kind ("top_up"...) when the trigger is one.</summary>
    public string Type => Cdrs.CdrNames.TypeName(cdr.Type);

    /// <summary>"answered", "busy", "no_answer" or "dropped"; empty for an operator event.</summary>
    public string Result => Cdrs.CdrNames.IsEvent(cdr.Type) ? "" : cdr.Result switch
    {
        CallResult.Busy => "busy",
        CallResult.NoAnswer => "no_answer",
        CallResult.Dropped => "dropped",
        _ => "answered",
    };

    public int DurationSeconds => cdr.DurationSeconds;
    public long DataBytes => cdr.DataBytes;
    public decimal Charge => cdr.Charge;
    public bool Roaming => cdr.Roaming;
    public bool International => network.IsInternational(cdr);
    public string CalleeCountry => cdr.CalleeCountry;
    public string Region => cdr.Region;

    /// <summary>Hour of the day (0-23) the CDR started, in the subscriber's local time.</summary>
    public int Hour => local.Hour;

    /// <summary>Day of the week the CDR started, in the subscriber's local time: "Monday"...</summary>
    public string Day => local.DayOfWeek.ToString();

    /// <summary>Hour of the day (0-23) the CDR started, in UTC.</summary>
    public int HourUtc => cdr.StartUtc.Hour;
}
