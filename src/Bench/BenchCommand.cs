using Cdr.Orleans.Cluster;
using System.Diagnostics;
using System.Globalization;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Generator.Running;
using Cdr.Orleans.Generator.Synthesis;
using Cdr.Orleans.Grains.Hosting;
using Cdr.Orleans.Grains.Stats;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Bench;

/// <summary>
/// <c>bench</c>: one silo in this process (embedded mode, no dashboard) and the generator publishing as fast as the
/// engine accepts. Prints sustained CDRs applied per second, end-to-end lag, CPU, peak RSS and heap bytes per
/// resident subscriber. Figures, not a pass/fail: docs/benchmarks.md quotes them.
/// </summary>
public static class BenchCommand
{
    public static async Task<int> RunAsync(BenchOptions o)
    {
        var (subscribers, duration, warmup, partitions) = (o.Subscribers, o.Duration, o.Warmup, o.Partitions);
        var config = new Dictionary<string, string?>
        {
            [$"{CdrStreamOptions.SectionName}:Partitions"] = partitions.ToString(CultureInfo.InvariantCulture),
            [$"{EngineOptions.SectionName}:StateWrites"] = o.EffectiveStateWrites.ToString(),
            [$"{CdrClusterOptions.SectionName}:Redis"] = o.Redis,
            [$"{EngineOptions.SectionName}:DataDirectory"] = "", // campaigns in memory: each bench starts from none
        };
        // CDRs through Kafka: librdkafka's mock brokers for the run (a topic of its own), or the operator's (topic cdr-bench).
        using var mockBrokers = o.Kafka == "mock" ? new Infrastructure.Kafka.KafkaMockBrokers() : null;
        if (o.Kafka is not null)
        {
            var topic = mockBrokers is null ? "cdr-bench" : $"cdr-bench-{Guid.NewGuid():N}";
            config[$"{Infrastructure.Kafka.Streams.KafkaFeedOptions.SectionName}:Brokers"] = mockBrokers?.Brokers ?? o.Kafka;
            config[$"{Infrastructure.Kafka.Streams.KafkaFeedOptions.SectionName}:Topic"] = topic;
            if (mockBrokers is not null)
            {
                await mockBrokers.CreateTopicAsync(topic, Domain.Files.CdrCsv.Header);
            }
        }
        using var receiver = o.Deliver ? new BenchReceiver() : null;
        var historyDirectory = o.History ? Directory.CreateTempSubdirectory("cdr-bench-history-").FullName : null;
        config[$"{Infrastructure.History.HistoryOptions.SectionName}:Directory"] = historyDirectory;
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(receiver is null ? config : config.Concat(receiver.Settings()));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var exported = new List<OpenTelemetry.Metrics.Metric>();
        if (o.Metrics)
        {
            // As a silo's Prometheus endpoint: every meter listened to; collected every 15 s (Prometheus's default scrape).
            Silo.Hosting.CdrMetrics.AddCdrMetrics(builder.Services, builder.Configuration, "bench", metrics => OpenTelemetry.Metrics.InMemoryExporterMetricsExtensions
                .AddInMemoryExporter(metrics, exported, reader => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 15_000));
        }
        builder.UseOrleans(silo =>
        {
            // Ports below Linux's ephemeral range (32768-60999): no outgoing connection or port-0 listener of another process can hold them.
            silo.UseLocalhostClustering(siloPort: 21111, gatewayPort: 21112, serviceId: "cdr-bench", clusterId: "cdr-bench");
            silo.AddCdrEngine(builder.Configuration);
        });
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<IClusterClient>();
        var counters = host.Services.GetRequiredService<EngineCounters>();
        var streams = new CdrStreamOptions { Partitions = partitions };
        await using var redis = o.Redis is null ? null : await ConnectAdminAsync(o.Redis);

        Console.WriteLine($"bench: {subscribers:N0} subscribers, {partitions} partitions, state writes {o.EffectiveStateWrites}, backlog at most {o.MaxBacklog:N0} CDRs, warm-up {warmup.TotalSeconds:N0} s, measure {duration.TotalSeconds:N0} s, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}{(o.Metrics ? ", metrics on (collected every 15 s)" : "")}{(o.History ? ", history on" : "")}");
        var population = Population.Create(subscribers, seed: 42, DateOnly.FromDateTime(DateTime.UtcNow));
        Probe.ProbeResult? probe = null;
        if (o.Probe)
        {
            // Before the engine's grains exist, over the same population and CDR mix, for as long as the engine is measured.
            Console.WriteLine($"probe: one grain call per CDR to an empty grain per subscriber, {warmup.TotalSeconds:N0} s warm-up, {duration.TotalSeconds:N0} s measured");
            var probeCdrs = new CdrSynthesizer(population, 7, DateTime.UtcNow.AddDays(-30), 500_000 * (warmup + duration).TotalSeconds / TimeSpan.FromDays(30).TotalSeconds);
            probe = await Probe.ProbeRun.RunAsync(client, probeCdrs, population.Msisdns, warmup, duration, SettledHeap);
            Console.WriteLine($"probe: {probe.CallsPerSecond:N0} calls/s, GC pauses {probe.GcPauseShare * 100:N1}% of the time, {probe.ResidentAfter:N0} probe grains of {probe.HeapPerGrain:N0} bytes of heap each (collected before the engine starts)" +
                (probe.TimedOut > 0 ? $", {probe.TimedOut:N0} calls timed out" : ""));
        }
        var heapBase = SettledHeap();
        var loadWatch = Stopwatch.StartNew();
        await ProfileLoader.LoadAsync(client, population.Profiles(), null, CancellationToken.None, keepResident: !o.ColdLoad);
        Console.WriteLine($"profiles loaded: {subscribers:N0} in {loadWatch.Elapsed.TotalSeconds:N1} s ({subscribers / loadWatch.Elapsed.TotalSeconds:N0}/s), " +
            $"{counters.ResidentSubscribers:N0} resident after, peak RSS so far {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB");
        if (o.Campaigns > 0)
        {
            var catalog = host.Services.GetRequiredService<Grains.Campaigns.CampaignCatalog>();
            await BenchCampaigns.CreateAsync(client, catalog, o.Campaigns, o.Propensity);
            if (o.Policy)
            {
                await BenchCampaigns.SetPolicyAsync(client, catalog);
            }
            if (o.Propensity is not null)
            {
                await BenchCampaigns.PublishModelsAsync(client, host.Services.GetRequiredService<Grains.Propensity.ModelCatalog>(), catalog);
            }
        }
        await using var tabs = o.ConsoleTabs > 0 ? new BenchConsoleTabs(host.Services, builder.Configuration, client, streams, o.ConsoleTabs) : null;
        if (tabs is not null)
        {
            await tabs.StartAsync();
        }
        // A training to run on this silo's thread pool while the rate is measured, as a model grain runs one.
        var trainingExamples = o.TrainDuring > 0 ? PropensityBenchCommand.MakeExamples(20_000, o.TrainDuring, "UPGRADE").Examples : null;

        var settings = new LoadSettings { Subscribers = subscribers, Rate = o.Rate, Duration = warmup + duration, LoadProfiles = false };
        // Simulated time: the last 30 days, with room for up to 500k CDR/s over the whole run, so the simulated clock
        // never meets the present (where it would have to slow to real time).
        var start = DateTime.UtcNow.AddDays(-30);
        var intensity = 500_000 * settings.Duration.Value.TotalSeconds / TimeSpan.FromDays(30).TotalSeconds;
        if (o.Sample is not null && o.Rate > 0)
        {
            // A soak at a fixed rate covers 20 simulated days, so every window (the longest holds 7 days of hours) fills
            // in the first third of the run and the rest shows whether anything still grows.
            intensity = o.Rate * settings.Duration.Value.TotalSeconds / TimeSpan.FromDays(20).TotalSeconds;
        }
        var synthesizer = new CdrSynthesizer(population, 42, start, intensity, accounts: o.Events ? new AccountSimulator(population, 42) : null);
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

        // Closed loop: the generator waits while more than MaxBacklog CDRs are published but not applied, so the figures
        // are the engine's sustained rate with short queues, not the memory queues filling up (which only adds lag).
        var appliedBefore = counters.CdrsApplied;
        var runner = new LoadRunner(publisher, backlog: () => publisher.Published - (counters.CdrsApplied - appliedBefore), maxBacklog: o.MaxBacklog);
        var runTask = runner.RunAsync(synthesizer, settings, p => Console.WriteLine($"  {p}"), CancellationToken.None);
        await Task.Delay(warmup);
        var applied0 = counters.CdrsApplied;
        var (activations0, cold0) = (counters.SubscriberActivations, counters.ColdCdrs);
        var cpu0 = process.TotalProcessorTime;
        var gcPause0 = GC.GetTotalPauseDuration();
        int[] collections0 = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var allocated0 = GC.GetTotalAllocatedBytes();
        var redis0 = redis is null ? null : await RedisFiguresAsync(redis);
        var offers0 = await BenchCampaigns.TotalsAsync(client);
        await client.GetGrain<IOfferLogGrain>(0).TakeLatencyAsync();
        receiver?.TakeLatencies(); // the warm-up's offers are not timed
        var wall = Stopwatch.StartNew();
        lock (lags)
        {
            lags.Clear();
        }
        Task<(double Seconds, long Applied)>? training = trainingExamples is null ? null : Task.Run(() =>
        {
            var before = counters.CdrsApplied;
            var clock = Stopwatch.StartNew();
            Learning.PropensityTrainer.Train(trainingExamples, current: null);
            return (clock.Elapsed.TotalSeconds, counters.CdrsApplied - before);
        });
        if (o.Sample is { } every)
        {
            await SampleAsync(every, duration, counters, process, redis);
        }
        else
        {
            await Task.Delay(duration);
        }
        var offerLatency = await client.GetGrain<IOfferLogGrain>(0).TakeLatencyAsync();
        var received = receiver?.TakeLatencies().Order().ToArray();
        var applied1 = counters.CdrsApplied;
        var (activations, cold) = (counters.SubscriberActivations - activations0, counters.ColdCdrs - cold0);
        var (tabUpdates, tabBytes) = tabs is null ? (0L, 0L) : (tabs.Updates, tabs.Bytes);
        process.Refresh();
        var cpu1 = process.TotalProcessorTime;
        var gcPause = GC.GetTotalPauseDuration() - gcPause0;
        var collections = collections0.Select((before, gen) => GC.CollectionCount(gen) - before).ToArray();
        var allocatedPerCdr = (GC.GetTotalAllocatedBytes() - allocated0) / (double)Math.Max(1, applied1 - applied0);
        var measured = wall.Elapsed;
        var redis1 = redis is null ? null : await RedisFiguresAsync(redis);
        var final = await runTask;

        var drainWatch = Stopwatch.StartNew();
        while (counters.CdrsApplied < final.Published && drainWatch.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(100);
        }
        await sampling.CancelAsync();
        await sampler;
        var offers = (await BenchCampaigns.TotalsAsync(client)).Subtract(offers0);
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
        Console.WriteLine($"result ({subscribers:N0} subscribers, {(o.Redis is null ? "embedded mode" : $"durable mode on Redis {CdrClusterOptions.MaskPassword(o.Redis)}")}{(o.Kafka is null ? "" : $", CDRs through Kafka ({(o.Kafka == "mock" ? "librdkafka's mock brokers" : o.Kafka)})")}, state writes {o.EffectiveStateWrites}, {o.Campaigns} active campaigns{(o.Rate > 0 ? $", paced at {o.Rate:N0} CDRs/s" : "")}):");
        Console.WriteLine($"  CDRs applied/s (sustained)   {rate:N0}");
        if (o.Events)
        {
            var eventShare = synthesizer.EventsMade / (double)Math.Max(1, synthesizer.Made);
            Console.WriteLine($"  of which operator events     {eventShare:P1} ({synthesizer.EventsMade:N0} of {synthesizer.Made:N0} made): CDRs alone {rate * (1 - eventShare):N0}/s");
        }
        if (probe is not null)
        {
            Console.WriteLine($"  share of the bare-Orleans probe {rate / probe.CallsPerSecond * 100:N0}% (probe {probe.CallsPerSecond:N0} calls/s, its GC pauses {probe.GcPauseShare * 100:N1}%)");
        }
        var notDrained = final.Published - counters.CdrsApplied;
        Console.WriteLine($"  CDRs published / applied     {final.Published:N0} / {counters.CdrsApplied:N0} " +
            (notDrained > 0 ? $"({notDrained:N0} still on their way when the bench stopped waiting, {drainWatch.Elapsed.TotalSeconds:N0} s after the run)" : $"(drained in {drainWatch.Elapsed.TotalSeconds:N1} s after the run)"));
        Console.WriteLine($"  end-to-end lag, batch mean   {(window.Length > 0 ? window.Average(l => l.MeanMs) : 0):N1} ms");
        Console.WriteLine($"  end-to-end lag, p99 (median of per-second p99s / worst) {(p99s.Length > 0 ? p99s[p99s.Length / 2] : 0):N1} / {(p99s.Length > 0 ? p99s[^1] : 0):N1} ms");
        Console.WriteLine($"  CPU (whole process)          {cpuPercent:N0}% of {Environment.ProcessorCount} cores");
        Console.WriteLine($"  GC pauses                    {gcPause.TotalMilliseconds / measured.TotalMilliseconds * 100:N1}% of the time, collections gen0/1/2 {collections[0]}/{collections[1]}/{collections[2]}");
        Console.WriteLine($"  allocated per CDR applied    {allocatedPerCdr:N0} bytes");
        if (o.Campaigns > 0)
        {
            Console.WriteLine($"  campaign evaluations         {offers.Evaluated:N0} ({offers.Evaluated / (double)Math.Max(1, applied1 - applied0):N1} per CDR; stats lag up to a second)");
            Console.WriteLine($"  offers sent / held out       {offers.Sent:N0} / {offers.HeldOut:N0} ({(offers.Sent + offers.HeldOut) / measured.TotalSeconds:N0}/s)");
            if (o.Policy)
            {
                Console.WriteLine($"  contact policy               {offers.GlobalControl:N0} global control, {offers.QuietHours:N0} quiet hours, {offers.PolicyCapped:N0} over the caps, {offers.OptedOut:N0} opted out");
            }
            Console.WriteLine($"  CDR published -> offer in sink  p50 {offerLatency.P50Ms:N1} ms, p99 {offerLatency.P99Ms:N1} ms, max {offerLatency.MaxMs:N1} ms ({offerLatency.Count:N0} offers)");
            if (received is { Length: > 0 })
            {
                // The receiver's own clock: the bench and the silo share it, so the times compare.
                Console.WriteLine($"  CDR published -> offer at the webhook receiver  p50 {received[received.Length / 2]:N1} ms, p99 {received[(int)(received.Length * 0.99)]:N1} ms, " +
                    $"max {received[^1]:N1} ms ({received.Length:N0} offers during the run; {receiver!.Received:N0} in all, {receiver.Duplicates:N0} arrived twice)");
            }
        }
        if (training is not null)
        {
            var (seconds, appliedWhile) = await training;
            Console.WriteLine($"  training ({trainingExamples!.Count:N0} examples, both learners) {seconds:N1} s; CDRs applied/s meanwhile {appliedWhile / seconds:N0}");
        }
        if (tabs is not null)
        {
            Console.WriteLine($"  web console tabs             {o.ConsoleTabs}: {tabUpdates / (double)o.ConsoleTabs:N0} live updates each ({tabUpdates / (double)o.ConsoleTabs / (warmup + duration).TotalSeconds:N2}/s), {tabBytes / (double)Math.Max(1, tabUpdates):N0} bytes an update");
            Console.WriteLine($"  making an update             {tabs.Making.Mean.TotalMilliseconds:N2} ms of wall time on average ({tabs.Making.Made:N0} made; grain calls and JSON, while the engine runs flat out)");
        }
        Console.WriteLine($"  peak RSS                     {peakRss / 1048576.0:N0} MiB");
        Console.WriteLine($"  resident subscribers         {resident:N0}");
        Console.WriteLine($"  subscriber activations       {activations / measured.TotalSeconds:N0}/s; CDRs whose caller was cold {cold / (double)Math.Max(1, applied1 - applied0):P2}");
        if (redis is not null)
        {
            var after = await RedisFiguresAsync(redis);
            Console.WriteLine($"  Redis CPU                    {(redis1!.CpuSeconds - redis0!.CpuSeconds) / measured.TotalSeconds * 100:N0}% of one core");
            Console.WriteLine($"  Redis memory, used / peak    {after.UsedMemory / 1048576.0:N0} MiB / {after.PeakMemory / 1048576.0:N0} MiB");
        }
        var heapPerSubscriber = (heapAfter - heapBase) / (double)Math.Max(1, resident);
        Console.WriteLine($"  heap per resident subscriber {heapPerSubscriber:N0} bytes (grain and its state{(o.Redis is null && o.EffectiveStateWrites == StateWriteMode.EveryBatch ? ", plus the in-memory storage copy" : "")})" +
            (probe is { HeapPerGrain: > 0 } ? $", {heapPerSubscriber / probe.HeapPerGrain:N2}x a probe grain" : ""));
        if (o.Segment is { } rule)
        {
            // In checkpoint mode, let every partition checkpoint first: a checkpoint activates the subscribers given
            // batches since the last one (to flush them), which would bring collected grains straight back.
            var checkpoints = host.Services.GetRequiredService<IOptions<EngineOptions>>().Value.CheckpointInterval;
            await SegmentAsync(client, counters, rule, o.EffectiveStateWrites == StateWriteMode.Checkpoint ? checkpoints + TimeSpan.FromSeconds(5) : TimeSpan.Zero);
        }
        await host.StopAsync();
        if (historyDirectory is not null)
        {
            await BenchHistory.ReportAsync(historyDirectory, counters.CdrsApplied);
        }
        return 0;
    }

    /// <summary>
    /// The soak's table: every <paramref name="every"/> until <paramref name="duration"/>, the rate since the last line,
    /// the process's RSS, the GC heap before and the live bytes after a full collection, and Redis's used memory. Flat after the warm-up means no
    /// leak: state, tallies and queues are bounded.
    /// </summary>
    private static async Task SampleAsync(TimeSpan every, TimeSpan duration, EngineCounters counters, Process process, StackExchange.Redis.ConnectionMultiplexer? redis)
    {
        Console.WriteLine("  sample  minute  CDRs/s     RSS MiB  GC heap MiB  live MiB  Redis MiB");
        var watch = Stopwatch.StartNew();
        var (applied, at) = (counters.CdrsApplied, TimeSpan.Zero);
        for (var next = every; next <= duration; next += every)
        {
            await Task.Delay(next - watch.Elapsed is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
            process.Refresh();
            var (now, elapsed) = (counters.CdrsApplied, watch.Elapsed);
            var heap = GC.GetGCMemoryInfo().HeapSizeBytes;
            // What is still referenced: a full blocking collection a minute (a pause of a second or two at a few GB),
            // since the heap size between collections also holds garbage the server GC has not collected yet.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true);
            var live = GC.GetGCMemoryInfo(GCKind.FullBlocking).PromotedBytes;
            var redisMiB = redis is null ? "-" : ((await RedisFiguresAsync(redis)).UsedMemory / 1048576.0).ToString("N0", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  sample  {elapsed.TotalMinutes,6:N1}  {(now - applied) / (elapsed - at).TotalSeconds,8:N0}  {process.WorkingSet64 / 1048576.0,10:N0}  {heap / 1048576.0,11:N0}  {live / 1048576.0,8:N0}  {redisMiB,9}"));
            (applied, at) = (now, elapsed);
        }
        var left = duration - watch.Elapsed;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }
    }

    /// <summary>
    /// The segment query's time with every subscriber resident, then with every subscriber grain collected first (an
    /// idle cluster: each one is activated from storage to answer).
    /// </summary>
    private static async Task SegmentAsync(IClusterClient client, EngineCounters counters, string rule, TimeSpan settle)
    {
        var segments = client.GetGrain<Contracts.Segments.ISegmentGrain>(0);
        var watch = Stopwatch.StartNew();
        var warm = await segments.QueryAsync(rule, 0);
        var warmTime = watch.Elapsed;
        Console.WriteLine($"  segment, all resident        {warm.Matching:N0} of {warm.Considered:N0} in {warmTime.TotalSeconds:N1} s ({warm.Considered / warmTime.TotalSeconds:N0} subscribers/s)");
        await Task.Delay(settle);
        watch.Restart();
        try
        {
            await client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        }
        catch (TimeoutException)
        {
            // At a million grains the call outlives the 30 s response timeout; the collection goes on, watched below.
        }
        // Until none is left or the count stays put for 2 s (in checkpoint mode a partition's next checkpoint
        // activates the subscribers it gave batches to since the last one, to flush them).
        var (left, since) = (counters.ResidentSubscribers, Stopwatch.StartNew());
        while (left > 0 && since.Elapsed < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(100);
            if (counters.ResidentSubscribers < left)
            {
                (left, since) = (counters.ResidentSubscribers, Stopwatch.StartNew());
            }
        }
        Console.WriteLine($"  subscriber grains collected  {counters.ResidentSubscribers:N0} left after {watch.Elapsed.TotalSeconds:N1} s");
        watch.Restart();
        var cold = await segments.QueryAsync(rule, 0);
        var coldTime = watch.Elapsed;
        Console.WriteLine($"  segment, none resident       {cold.Matching:N0} of {cold.Considered:N0} in {coldTime.TotalSeconds:N1} s ({cold.Considered / coldTime.TotalSeconds:N0} subscribers/s)");
    }

    private sealed record RedisFigures(double CpuSeconds, long UsedMemory, long PeakMemory);

    private static async Task<StackExchange.Redis.ConnectionMultiplexer> ConnectAdminAsync(string configuration)
    {
        var options = StackExchange.Redis.ConfigurationOptions.Parse(configuration);
        options.AllowAdmin = true; // INFO is an admin command to StackExchange.Redis
        return await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>Redis's own CPU time (user + system, main thread and children) and memory, from INFO.</summary>
    private static async Task<RedisFigures> RedisFiguresAsync(StackExchange.Redis.ConnectionMultiplexer redis)
    {
        var info = (await redis.GetServers()[0].InfoAsync()).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
        double Number(string key) => info.TryGetValue(key, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : 0;
        return new RedisFigures(Number("used_cpu_user") + Number("used_cpu_sys"), (long)Number("used_memory"), (long)Number("used_memory_peak"));
    }

    internal static long SettledHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
