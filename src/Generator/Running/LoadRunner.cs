using System.Diagnostics;
using Cdr.Orleans.Infrastructure.Files;
using Cdr.Orleans.Domain.Files;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Generator.Synthesis;

namespace Cdr.Orleans.Generator.Running;

/// <summary>
/// Runs a synthetic load: makes CDRs, paces them to the target rate, keeps the simulated clock from passing the present,
/// writes them to a CSV file when asked, and publishes them with backpressure. Progress about once a second.
/// Unpaced (offline), it writes as fast as it can. Given a <paramref name="backlog"/> probe and a limit, it also waits
/// while more CDRs than the limit are published but not yet applied, so that the engine's queues stay short.
/// </summary>
public sealed class LoadRunner(ICdrSink publisher, bool paced = true, TimeProvider? time = null, Func<long>? backlog = null, long maxBacklog = long.MaxValue)
{
    private static readonly TimeSpan MaxBatchAge = TimeSpan.FromMilliseconds(50);
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    public async Task<RunProgress> RunAsync(
        CdrSynthesizer synthesizer, LoadSettings settings, Action<RunProgress>? progress, CancellationToken cancellationToken,
        Action<string>? notice = null)
    {
        using var writer = settings.OutPath is { } path ? DataFiles.CreateCdrFile(path) : null;
        var watch = Stopwatch.StartNew();
        var nextReport = TimeSpan.FromSeconds(1);
        long produced = 0, publishedAtLastReport = 0;
        var lastReportAt = TimeSpan.Zero;
        var reachedPresent = false;
        RunProgress Snapshot(double rate) => new(watch.Elapsed, publisher.Published, rate,
            settings.Rate > 0 ? Math.Max(0, (long)(settings.Rate * watch.Elapsed.TotalSeconds) - produced) : 0,
            synthesizer.SimulatedNow, publisher.Retries, publisher.PushedBackBy);

        while (!cancellationToken.IsCancellationRequested)
        {
            if (settings.Count is { } count && produced >= count || settings.Duration is { } duration && watch.Elapsed >= duration)
            {
                break;
            }
            if (watch.Elapsed >= nextReport)
            {
                var published = publisher.Published;
                var seconds = (watch.Elapsed - lastReportAt).TotalSeconds;
                progress?.Invoke(Snapshot((published - publishedAtLastReport) / seconds));
                publishedAtLastReport = published;
                lastReportAt = watch.Elapsed;
                nextReport += TimeSpan.FromSeconds(1);
            }
            var aheadOfRate = paced && settings.Rate > 0 && produced >= settings.Rate * watch.Elapsed.TotalSeconds;
            var aheadOfPresent = paced && synthesizer.SimulatedNow > clock.GetUtcNow().UtcDateTime;
            if (aheadOfPresent && !reachedPresent)
            {
                reachedPresent = true;
                notice?.Invoke($"the simulated clock reached the present ({synthesizer.SimulatedNow:yyyy-MM-dd HH:mm:ss}Z): from now on CDRs follow real time");
            }
            var backlogFull = backlog is not null && (produced & 255) == 0 && backlog() > maxBacklog;
            if (aheadOfRate || aheadOfPresent || backlogFull)
            {
                await publisher.FlushStaleAsync(MaxBatchAge);
                await Task.Delay(1, CancellationToken.None);
                continue;
            }
            var cdr = synthesizer.Next();
            writer?.WriteLine(CdrCsv.Format(cdr));
            await publisher.PublishAsync(cdr);
            produced++;
            if ((produced & 1023) == 0)
            {
                await publisher.FlushStaleAsync(MaxBatchAge);
            }
        }
        await publisher.FlushAsync();
        var final = Snapshot(publisher.Published / Math.Max(0.001, watch.Elapsed.TotalSeconds));
        progress?.Invoke(final);
        return final;
    }
}
