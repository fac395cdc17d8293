using System.Diagnostics;
using Cdr.Orleans.Domain.Files;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Generator.Publishing;

namespace Cdr.Orleans.Generator.Running;

/// <summary>
/// Publishes a CDR file in any of the <see cref="CdrFileFormat"/> layouts (given, or detected from its first line). A
/// line that cannot be read is rejected with its line number and reason and the file goes on: nothing already read is
/// lost because of a bad line.
/// </summary>
public sealed class ReplayRunner(ICdrSink publisher, CdrFileFormat? format = null, string defaultCountry = HomeNetwork.DefaultCountry)
{
    public const int ErrorsKept = 20;

    public async Task<ReplaySummary> RunAsync(
        string path, double rate, Action<RunProgress>? progress, Action<string>? onError, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file; give the path of a CDR CSV file (see docs/file-formats.md for the format)", path);
        }
        using var reader = new StreamReader(path);
        var firstLine = await reader.ReadLineAsync(cancellationToken);
        var (lines, firstIsData) = CdrFileFormats.Open(format ?? CdrFileFormats.Detect(firstLine ?? ""), firstLine, Path.GetFileName(path), defaultCountry);
        var pending = firstIsData ? firstLine : null;
        var rejected = new Dictionary<string, long>();
        var firstErrors = new List<string>();
        var watch = Stopwatch.StartNew();
        var nextReport = TimeSpan.FromSeconds(1);
        long lineNumber = firstIsData ? 0 : 1, read = 0;
        var lastCdrTime = DateTime.MinValue;
        while ((pending ?? await reader.ReadLineAsync(cancellationToken)) is { } line)
        {
            pending = null;
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            while (rate > 0 && read >= rate * watch.Elapsed.TotalSeconds)
            {
                await publisher.FlushStaleAsync(TimeSpan.FromMilliseconds(50));
                await Task.Delay(1, cancellationToken);
            }
            var cdr = lines.Parse(line, lineNumber, out var error);
            if (cdr is null)
            {
                rejected[error!.Code] = rejected.GetValueOrDefault(error.Code) + 1;
                if (firstErrors.Count < ErrorsKept)
                {
                    firstErrors.Add(error.ToString());
                    onError?.Invoke(error.ToString());
                }
                continue;
            }
            read++;
            lastCdrTime = cdr.StartUtc;
            await publisher.PublishAsync(cdr);
            if (watch.Elapsed >= nextReport)
            {
                progress?.Invoke(new RunProgress(watch.Elapsed, publisher.Published, publisher.Published / watch.Elapsed.TotalSeconds, 0, lastCdrTime, publisher.Retries, publisher.PushedBackBy));
                nextReport += TimeSpan.FromSeconds(1);
            }
        }
        await publisher.FlushAsync();
        return new ReplaySummary(firstIsData ? lineNumber : lineNumber - 1, publisher.Published, rejected, firstErrors);
    }
}
