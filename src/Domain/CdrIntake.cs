using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain.Cdrs;

namespace Cdr.Orleans.Domain;

/// <summary>
/// What happens to a CDR before it is folded: validation, and the callee's country filled in from the number when the
/// file or switch left it out. The partition grain and the offline backtest both go through here.
/// </summary>
public static class CdrIntake
{
    /// <summary>The CDR ready to fold, or null with why it was rejected.</summary>
    public static CallDetailRecord? Accept(CallDetailRecord cdr, DateTime nowUtc, TimeSpan futureTolerance, out CdrRejection? reason)
    {
        reason = CdrValidator.Validate(cdr, nowUtc, futureTolerance);
        if (reason is not null)
        {
            return null;
        }
        return string.IsNullOrEmpty(cdr.CalleeCountry) && cdr.Type != CdrType.Data
            ? cdr with { CalleeCountry = CalleeCountry.Of(cdr.Callee) }
            : cdr;
    }

    /// <summary>Whether the callee's state also takes this CDR (as received), as <c>PartitionRouter</c> routes it.</summary>
    public static bool ReachesCallee(CallDetailRecord cdr, HomeNetwork network) =>
        cdr.Type != CdrType.Data && cdr.Callee != cdr.Caller && network.MayBeSubscriber(cdr.Callee, cdr.CalleeCountry);
}
