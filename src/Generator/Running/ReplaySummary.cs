namespace Cdr.Orleans.Generator.Running;

/// <summary>What a replay read: lines, CDRs published, and the lines it rejected (by reason code, with the first few in full).</summary>
public sealed record ReplaySummary(long Lines, long Published, IReadOnlyDictionary<string, long> Rejected, IReadOnlyList<string> FirstErrors);
