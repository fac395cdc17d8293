using System.Collections.Concurrent;

namespace Cdr.Orleans.Domain.Rules;

/// <summary>
/// Segment rules compiled once per text, for a process whose subscribers all evaluate the same query (a silo keeps
/// one). Bounded: past <see cref="Capacity"/> texts a rule is compiled each time rather than kept.
/// </summary>
public sealed class SegmentRuleCache
{
    public const int Capacity = 256;

    private readonly ConcurrentDictionary<string, (CompiledRule? Rule, string? Error)> compiled = new(StringComparer.Ordinal);

    /// <summary>The compiled rule, or null with the reason it is refused (<see cref="SegmentRule.Compile"/>).</summary>
    public CompiledRule? Compile(string text, out string? error)
    {
        if (!compiled.TryGetValue(text, out var known))
        {
            known = (SegmentRule.Compile(text, out var why), why);
            if (compiled.Count < Capacity)
            {
                compiled.TryAdd(text, known);
            }
        }
        error = known.Error;
        return known.Rule;
    }
}
