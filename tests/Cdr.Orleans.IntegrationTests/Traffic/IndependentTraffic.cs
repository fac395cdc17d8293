using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Traffic;

namespace Cdr.Orleans.Tests.Traffic;

/// <summary>Call volume counted straight from a list of CDRs: the reference the engine's aggregates must equal.</summary>
internal static class IndependentTraffic
{
    public static TrafficCounts Counts(IEnumerable<CallDetailRecord> cdrs)
    {
        var list = cdrs.ToList();
        return new TrafficCounts(list.Count, list.Where(c => c.Type == CdrType.Voice).Sum(c => (long)c.DurationSeconds),
            list.Count(c => c.Type == CdrType.Sms), list.Where(c => c.Type == CdrType.Data).Sum(c => c.DataBytes));
    }
}
