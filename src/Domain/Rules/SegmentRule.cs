using Cdr.Orleans.Contracts.Cdrs;

namespace Cdr.Orleans.Domain.Rules;

/// <summary>
/// A rule expression used as a segment: evaluated on a subscriber's state as it is, with no CDR being folded, so it
/// may not read <c>Cdr.*</c>.
/// </summary>
public static class SegmentRule
{
    /// <summary>The compiled rule, or null with the reason it is refused. Not cached: see <see cref="SegmentRuleCache"/>.</summary>
    public static CompiledRule? Compile(string text, out string? error)
    {
        error = null;
        if (!RuleCompiler.TryCompile(text, out var compiled, out var problem))
        {
            error = problem!.Position is { } at ? $"at position {at}: {problem.Message}" : problem.Message;
            return null;
        }
        if (compiled!.Terms.FirstOrDefault(n => n.StartsWith("Cdr.", StringComparison.Ordinal)) is { } cdrTerm)
        {
            error = $"a segment rule looks at subscribers, not at a CDR being folded: '{cdrTerm}' cannot be used here";
            return null;
        }
        return compiled;
    }

    /// <summary>
    /// Whether the rule holds for the subscriber (false for a number that is not a subscriber). <paramref name="nowUtc"/>
    /// stands in for the CDR's time for a subscriber that has none yet.
    /// </summary>
    public static bool Matches(CompiledRule rule, string msisdn, SubscriberState state, HomeNetwork network, DateTime nowUtc)
    {
        if (!state.IsKnown)
        {
            return false;
        }
        // The view's time-based members (SignupDays) read the CDR's time: the subscriber's latest activity stands in.
        var at = state.Windows.Watermark == default ? nowUtc : state.Windows.Watermark;
        var now = new CallDetailRecord("segment", msisdn, "", at, 0, CdrType.Data, 0, CallResult.Answered, 0, "", false, "");
        return rule.Evaluate(new RuleView(state, now, network));
    }
}
