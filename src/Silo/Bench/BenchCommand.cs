using System.Diagnostics;
using System.Globalization;
using Cdr.Orleans.Contracts.Hosting;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Generator;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Generator.Running;
using Cdr.Orleans.Generator.Synthesis;
using Cdr.Orleans.Grains.Hosting;
using Cdr.Orleans.Grains.Stats;
using Orleans.Configuration;

namespace Cdr.Orleans.Silo.Bench;

/// <summary>
/// <c>bench</c>: one silo in this process (embedded mode, no dashboard) and the generator publishing as fast as the
/// engine accepts. Prints sustained CDRs applied per second, end-to-end lag, CPU, peak RSS and heap bytes per
/// resident subscriber. Figures, not a pass/fail: the README and the issue notes quote them.
/// </summary>
public static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var subscribers, out var duration, out var warmup, out var partitions, out var error))
        {
            Console.Error.WriteLine($"error: {error}");
            Console.Error.WriteLine("usage: bench [--subscribers N (100000)] [--duration 60s] [--warmup 10s] [--partitions 32]");
            return 2;
        }
        var config = new Dictionary<string, string?> { [$"{CdrStreamOptions.SectionName}:Partitions"] = partitions.ToString(CultureInfo.InvariantCulture) };
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(config);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: 21111, gatewayPort: 40000, serviceId: "cdr-bench", clusterId: "cdr-bench");
            silo.AddCdrEngine(builder.Configuration);
        });
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<IClusterClient>();
        var counters = host.Services.GetRequiredService<EngineCounters>();
        var streams = new CdrStreamOptions { Partitions = partitions };

        Console.WriteLine($"bench: {subscribers:N0} subscribers, {partitions} partitions, warm-up {warmup.TotalSeconds:N0} s, measure {duration.TotalSeconds:N0} s, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}");
        var population = Population.Create(subscribers, seed: 42, DateOnly.FromDateTime(DateTime.UtcNow));
        var heapBase = SettledHeap();
        var loadWatch = Stopwatch.StartNew();
        await ProfileLoader.LoadAsync(client, population, null, CancellationToken.None);
        Console.WriteLine($"profiles loaded: {subscribers:N0} in {loadWatch.Elapsed.TotalSeconds:N1} s ({subscribers / loadWatch.Elapsed.TotalSeconds:N0}/s)");

        var settings = new LoadSettings { Subscribers = subscribers, Rate = 0, Duration = warmup + duration, LoadProfiles = false };
        // Simulated time: the last 30 days, with room for up to 500k CDR/s over the whole run, so the simulated clock
        // never meets the present (where it would have to slow to real time).
        var start = DateTime.UtcNow.AddDays(-30);
        var intensity = 500_000 * settings.Duration.Value.TotalSeconds / TimeSpan.FromDays(30).TotalSeconds;
        var synthesizer = new CdrSynthesizer(population, 42, start, intensity);
        var publisher = new CdrPublisher(client.GetStreamProvider(CdrStreamOptions.ProviderName), streams);
        var process = Process.GetCurrentProcess();

        using var sampling = new CancellationTokenSource();
        var lags = new List<LagSample>();
        long peakRss = 0;
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await timer.WaitForNextTickAsync(CancellationToken.None) && !sampling.IsCancellationRequested)
            {
                process.Refresh();
                peakRss = Math.Max(peakRss, process.WorkingSet64);
                if ((await client.GetGrain<IStatsGrain>(0).GetAsync()).Lag is { } lag)
                {
                    lock (lags)
                    {
                        lags.Add(lag);
                    }
                }
            }
        });

        var runTask = new LoadRunner(publisher).RunAsync(synthesizer, settings, p => Console.WriteLine($"  {p}"), CancellationToken.None);
        await Task.Delay(warmup);
        var applied0 = counters.CdrsApplied;
        var cpu0 = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        lock (lags)
        {
            lags.Clear();
        }
        await Task.Delay(duration);
        var applied1 = counters.CdrsApplied;
        process.Refresh();
        var cpu1 = process.TotalProcessorTime;
        var measured = wall.Elapsed;
        var final = await runTask;

        var drainWatch = Stopwatch.StartNew();
        while (counters.CdrsApplied < final.Published && drainWatch.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(100);
        }
        await sampling.CancelAsync();
        await sampler;
        var heapAfter = SettledHeap();
        var resident = counters.ResidentSubscribers;

        var rate = (applied1 - applied0) / measured.TotalSeconds;
        var cpuPercent = (cpu1 - cpu0).TotalMilliseconds / measured.TotalMilliseconds / Environment.ProcessorCount * 100;
        LagSample[] window;
        lock (lags)
        {
            window = [.. lags];
        }
        var p99s = window.Select(l => l.P99Ms).Order().ToArray();
        Console.WriteLine();
        Console.WriteLine($"result ({subscribers:N0} subscribers, embedded mode):");
        Console.WriteLine($"  CDRs applied/s (sustained)   {rate:N0}");
        Console.WriteLine($"  CDRs published / applied     {final.Published:N0} / {counters.CdrsApplied:N0} (drained in {drainWatch.Elapsed.TotalSeconds:N1} s after the run)");
        Console.WriteLine($"  end-to-end lag, batch mean   {(window.Length > 0 ? window.Average(l => l.MeanMs) : 0):N1} ms");
        Console.WriteLine($"  end-to-end lag, p99 (median of per-second p99s / worst) {(p99s.Length > 0 ? p99s[p99s.Length / 2] : 0):N1} / {(p99s.Length > 0 ? p99s[^1] : 0):N1} ms");
        Console.WriteLine($"  CPU (whole process)          {cpuPercent:N0}% of {Environment.ProcessorCount} cores");
        Console.WriteLine($"  peak RSS                     {peakRss / 1048576.0:N0} MiB");
        Console.WriteLine($"  resident subscribers         {resident:N0}");
        Console.WriteLine($"  heap per resident subscriber {(heapAfter - heapBase) / (double)Math.Max(1, resident):N0} bytes (grain, its state and the in-memory storage copy)");
        await host.StopAsync();
        return 0;
    }

    private static long SettledHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static bool TryParse(string[] args, out int subscribers, out TimeSpan duration, out TimeSpan warmup, out int partitions, out string? error)
    {
        subscribers = 100_000;
        duration = TimeSpan.FromSeconds(60);
        warmup = TimeSpan.FromSeconds(10);
        partitions = new CdrStreamOptions().Partitions;
        error = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : "";
            var ok = args[i] switch
            {
                "--subscribers" => int.TryParse(value, out subscribers) && subscribers > 0,
                "--duration" => DurationText.TryParse(value, out duration),
                "--warmup" => DurationText.TryParse(value, out warmup),
                "--partitions" => int.TryParse(value, out partitions) && partitions > 0,
                _ => false,
            };
            if (!ok)
            {
                error = $"bad option '{args[i]} {value}'";
                return false;
            }
        }
        return true;
    }
}
