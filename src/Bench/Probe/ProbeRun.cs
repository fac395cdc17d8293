using System.Diagnostics;
using Cdr.Orleans.Generator.Synthesis;

namespace Cdr.Orleans.Bench.Probe;

/// <summary>What the probe measured: grain calls completed per second and the share of the time spent in GC pauses.</summary>
/// <summary>The probe's figures; <paramref name="HeapPerGrain"/>: managed heap per resident probe grain, the bare-grain baseline.</summary>
public sealed record ProbeResult(double CallsPerSecond, double GcPauseShare, long ResidentAfter, long TimedOut, double HeapPerGrain);

/// <summary>
/// <c>bench --probe</c>: before the engine runs, the same population's CDRs, each sent as one grain call to a
/// <see cref="ProbeGrain"/> keyed by its caller, as fast as the silo completes them, then every probe grain collected.
/// The CDRs are made before it starts (a ring, sent again and again), so the figure is what Orleans itself can do here,
/// not what the generator can make: the engine's rate, with its generator in the same process, over this one is a
/// cautious share. The rest is the engine's own work (streams, batching, the fold, campaigns, storage).
/// </summary>
public static class ProbeRun
{
    /// <summary>
    /// Callers waiting on their call at once: enough to keep both cores busy, as the partitions' batches do. (2,048 at a
    /// million grains starved the silo's own timers for 46 s and calls timed out.)
    /// </summary>
    private const int Callers = 512;

    /// <summary>CDRs made in advance and sent round and round: four per subscriber, at most a million (about 200 MB). Every subscriber is called once before.</summary>
    private static int RingSize(int subscribers) => (int)Math.Min(1_000_000, Math.Max(10_000, 4L * subscribers));

    public static async Task<ProbeResult> RunAsync(IClusterClient client, CdrSynthesizer synthesizer, IReadOnlyList<string> population, TimeSpan warmup, TimeSpan duration,
        Func<long> settledHeap)
    {
        var ring = new Contracts.Cdrs.CallDetailRecord[RingSize(population.Count)];
        for (var i = 0; i < ring.Length; i++)
        {
            ring[i] = synthesizer.Next();
        }
        var heapBase = settledHeap();
        // Every subscriber resident first, as the engine's are once their profiles are loaded: the heap the GC walks is the same.
        await Parallel.ForEachAsync(population, new ParallelOptions { MaxDegreeOfParallelism = Callers },
            async (msisdn, _) => await client.GetGrain<IProbeGrain>(msisdn).ApplyAsync(ring[0] with { Caller = msisdn }));
        long next = -1;
        long completed = 0;
        long timedOut = 0;
        using var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var cdr = ring[Interlocked.Increment(ref next) % ring.Length];
                try
                {
                    await client.GetGrain<IProbeGrain>(cdr.Caller).ApplyAsync(cdr);
                    Interlocked.Increment(ref completed);
                }
                catch (TimeoutException)
                {
                    Interlocked.Increment(ref timedOut); // an overloaded silo is a figure, not the end of the run
                }
            }
        })).ToArray();
        await Task.Delay(warmup);
        var (calls0, pause0) = (Interlocked.Read(ref completed), GC.GetTotalPauseDuration());
        var watch = Stopwatch.StartNew();
        await Task.Delay(duration);
        var (calls, pause, measured) = (Interlocked.Read(ref completed) - calls0, GC.GetTotalPauseDuration() - pause0, watch.Elapsed);
        await stop.CancelAsync();
        await Task.WhenAll(callers); // a failed call fails the probe, with Orleans' own exception
        var management = client.GetGrain<IManagementGrain>(0);
        var resident = (await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains(nameof(ProbeGrain), StringComparison.Ordinal)).Sum(s => s.ActivationCount);
        var heapPerGrain = (settledHeap() - heapBase) / (double)Math.Max(1, resident);
        await management.ForceActivationCollection(TimeSpan.Zero);
        return new ProbeResult(calls / measured.TotalSeconds, pause / measured, resident, Interlocked.Read(ref timedOut), heapPerGrain);
    }
}
