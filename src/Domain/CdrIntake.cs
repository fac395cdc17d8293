using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain.Cdrs;

namespace Cdr.Orleans.Domain;

/// <summary>
/// What happens to a CDR before it is folded: validation, the callee made a key when it is not a number, and the
/// callee's country filled in from the number when the file or switch left it out. The partition grain and the
/// offline backtest both go through here.
/// </summary>
public static class CdrIntake
{
    /// <summary>The note counted (in <c>stats</c>) for a CDR kept although its callee is not an E.164 number.</summary>
    public const string CalleeNotANumber = "callee-not-a-number";

    /// <summary>The note counted for a CDR whose caller is in E.164 shape but of a length its country's plan does not know (kept all the same).</summary>
    public const string NumberNotInPlan = "number-not-in-plan";

    /// <summary>The reason counted for a CDR dropped because its subscriber applied its id already (<see cref="RecentCdrIds"/>).</summary>
    public const string Duplicate = "duplicate";

    /// <summary>The callee of a call or SMS whose callee field holds no digit at all.</summary>
    public const string UnknownCallee = "#0";

    /// <summary>
    /// The CDR ready to fold, or null with why it was rejected. <paramref name="note"/> is <see cref="CalleeNotANumber"/>
    /// when the callee was not a number: the CDR is kept (it is its caller's activity), its callee as the digits it
    /// holds (<see cref="CalleeKey"/>), and it reaches no callee's state; else <see cref="NumberNotInPlan"/> when the
    /// caller's length is not in its country's plan (kept as it is).
    /// </summary>
    public static CallDetailRecord? Accept(CallDetailRecord cdr, DateTime nowUtc, TimeSpan futureTolerance, out CdrRejection? reason, out string? note)
    {
        note = null;
        reason = CdrValidator.Validate(cdr, nowUtc, futureTolerance);
        if (reason is not null)
        {
            return null;
        }
        if (!NumberPlan.IsPossible(cdr.Caller))
        {
            note = NumberNotInPlan;
        }
        if (!CdrNames.IsCall(cdr.Type))
        {
            return cdr;
        }
        if (!Msisdn.IsValid(cdr.Callee))
        {
            note = CalleeNotANumber;
            return cdr with { Callee = CalleeKey(cdr.Callee), CalleeCountry = string.IsNullOrEmpty(cdr.CalleeCountry) ? "ZZ" : cdr.CalleeCountry };
        }
        return string.IsNullOrEmpty(cdr.CalleeCountry) ? cdr with { CalleeCountry = CalleeCountry.Of(cdr.Callee) } : cdr;
    }

    /// <summary>
    /// A callee that is not an E.164 number as '#' and its first 18 digits (a per-callee counter keys on the digits;
    /// the '#' keeps it from ever being taken for a subscriber's number), or <see cref="UnknownCallee"/> when it holds none.
    /// </summary>
    public static string CalleeKey(string? callee)
    {
        Span<char> digits = stackalloc char[19];
        digits[0] = '#';
        var length = 1;
        foreach (var c in callee ?? "")
        {
            if (char.IsAsciiDigit(c) && length < digits.Length)
            {
                digits[length++] = c;
            }
        }
        return length == 1 ? UnknownCallee : new string(digits[..length]);
    }

    /// <summary>Whether the callee's state also takes this CDR (as received), as <c>PartitionRouter</c> routes it.</summary>
    public static bool ReachesCallee(CallDetailRecord cdr, HomeNetwork network) =>
        CdrNames.IsCall(cdr.Type) && cdr.Callee != cdr.Caller && Msisdn.IsValid(cdr.Callee) && network.MayBeSubscriber(cdr.Callee, cdr.CalleeCountry);
}
