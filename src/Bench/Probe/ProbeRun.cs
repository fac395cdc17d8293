using System.Diagnostics;
using Cdr.Orleans.Generator.Synthesis;

namespace Cdr.Orleans.Bench.Probe;

/// <summary>What the probe measured: grain calls completed per second and the share of the time spent in GC pauses.</summary>
public sealed record ProbeResult(double CallsPerSecond, double GcPauseShare, long ResidentAfter);

/// <summary>
/// <c>bench --probe</c>: before the engine runs, the same population's CDRs, each sent as one grain call to a
/// <see cref="ProbeGrain"/> keyed by its caller, as fast as the silo completes them, then every probe grain collected.
/// The engine's rate over this one is its share of what Orleans can do on this machine: the rest is the engine's own
/// work (streams, batching, the fold, campaigns, storage), and the part to win back.
/// </summary>
public static class ProbeRun
{
    /// <summary>Calls in flight at once: enough to keep both cores busy, as the partitions' batches do.</summary>
    private const int InFlight = 2048;

    public static async Task<ProbeResult> RunAsync(IClusterClient client, CdrSynthesizer synthesizer, TimeSpan warmup, TimeSpan duration)
    {
        using var gate = new SemaphoreSlim(InFlight);
        long completed = 0;
        Exception? failed = null;
        var watch = Stopwatch.StartNew();
        var end = warmup + duration;
        (long Calls, TimeSpan Pause)? start = null;
        while (watch.Elapsed < end && failed is null)
        {
            if (start is null && watch.Elapsed >= warmup)
            {
                start = (Interlocked.Read(ref completed), GC.GetTotalPauseDuration());
                watch.Restart();
                end = duration;
            }
            var cdr = synthesizer.Next();
            await gate.WaitAsync();
            _ = CallAsync(cdr);
        }
        var measured = watch.Elapsed;
        var calls = Interlocked.Read(ref completed) - (start?.Calls ?? 0);
        var pause = GC.GetTotalPauseDuration() - (start?.Pause ?? TimeSpan.Zero);
        for (var i = 0; i < InFlight; i++)
        {
            await gate.WaitAsync();
        }
        if (failed is not null)
        {
            throw new InvalidOperationException($"the probe's grain calls failed: {failed.Message}", failed);
        }
        var management = client.GetGrain<IManagementGrain>(0);
        var resident = (await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains(nameof(ProbeGrain), StringComparison.Ordinal)).Sum(s => s.ActivationCount);
        await management.ForceActivationCollection(TimeSpan.Zero);
        return new ProbeResult(calls / measured.TotalSeconds, pause / measured, resident);

        async Task CallAsync(Contracts.Cdrs.CallDetailRecord cdr)
        {
            try
            {
                await client.GetGrain<IProbeGrain>(cdr.Caller).ApplyAsync(cdr);
                Interlocked.Increment(ref completed);
            }
            catch (Exception ex)
            {
                failed ??= ex;
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
