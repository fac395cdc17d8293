namespace Cdr.Orleans.Domain.Rules;

/// <summary>
/// A rule compiled to a delegate, with the text it came from. <see cref="Terms"/> names the values the rule reads
/// ("H24.VoiceMinutes", "CallsToSameNumberWithin(30)") and <see cref="ReadTerms"/> reads them, in that order: what
/// an offer records as the values that made its rule true.
/// </summary>
public sealed record CompiledRule(string Text, Func<RuleView, bool> Evaluate, IReadOnlyList<string> Terms, Func<RuleView, object?[]> ReadTerms);
