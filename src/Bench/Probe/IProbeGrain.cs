using Cdr.Orleans.Contracts.Cdrs;

namespace Cdr.Orleans.Bench.Probe;

/// <summary>The probe's grain: one per subscriber, one call per CDR, an empty fold. What Orleans itself costs.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    Task ApplyAsync(CallDetailRecord cdr);

    Task<ProbeTotals> GetTotalsAsync();
}

/// <summary>What a probe grain folded: calls, their seconds, the latest start.</summary>
[GenerateSerializer]
public sealed record ProbeTotals([property: Id(0)] long Calls, [property: Id(1)] long Seconds, [property: Id(2)] DateTime Last);

/// <summary>
/// Keeps a few counters, as a fold would, and nothing else: no windows, no campaigns, no storage, no stream. The
/// engine's subscriber grain does all that on top of the same call.
/// </summary>
public sealed class ProbeGrain : Grain, IProbeGrain
{
    private long calls;
    private long seconds;
    private DateTime last;

    public Task ApplyAsync(CallDetailRecord cdr)
    {
        calls++;
        seconds += cdr.DurationSeconds;
        last = cdr.StartUtc > last ? cdr.StartUtc : last;
        return Task.CompletedTask;
    }

    public Task<ProbeTotals> GetTotalsAsync() => Task.FromResult(new ProbeTotals(calls, seconds, last));
}
