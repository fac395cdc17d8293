using System.Collections.Concurrent;
using Cdr.Orleans.Contracts.Cdrs;

namespace Cdr.Orleans.Domain.Rules;

/// <summary>
/// A rule expression used as a segment: evaluated on a subscriber's state as it is, with no CDR being folded, so it
/// may not read <c>Cdr.*</c>. Compiled once per text per process.
/// </summary>
public static class SegmentRule
{
    private static readonly ConcurrentDictionary<string, (CompiledRule? Rule, string? Error)> Compiled = new(StringComparer.Ordinal);

    /// <summary>The compiled rule, or null with the reason it is refused.</summary>
    public static CompiledRule? Compile(string text, out string? error)
    {
        var (rule, why) = Compiled.GetOrAdd(text, static t =>
        {
            if (!RuleCompiler.TryCompile(t, out var compiled, out var problem))
            {
                return (null, problem!.Position is { } at ? $"at position {at}: {problem.Message}" : problem.Message);
            }
            return compiled!.Terms.FirstOrDefault(n => n.StartsWith("Cdr.", StringComparison.Ordinal)) is { } cdrTerm
                ? (null, $"a segment rule looks at subscribers, not at a CDR being folded: '{cdrTerm}' cannot be used here")
                : (compiled, null);
        });
        error = why;
        return rule;
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
