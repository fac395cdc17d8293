using System.Globalization;
using Microsoft.Extensions.Logging;
using Parquet.Serialization;

namespace Cdr.Orleans.Infrastructure.History;

/// <summary>
/// One history table's files (<see cref="HistoryFiles"/>) and the rows one writer buffered for it since its last flush.
/// A flush writes the rows as a new part in the current hour's folder (to a temporary name first, so a part is never
/// read half-written); once the hour is over, the writer's parts of it are merged into one file per writer.
/// </summary>
internal sealed partial class HistoryTable<T>(string name, int maxRows, ILogger logger) : HistoryFiles.ITable where T : class, new()
{
    private static readonly Parquet.ParquetOptions Options = new() { CompressionMethod = Parquet.CompressionMethod.Zstd, CompressionLevel = System.IO.Compression.CompressionLevel.Fastest };

    private readonly Lock gate = new();
    private List<T> rows = [];
    private long dropped;

    public string Name => name;

    public void Add(T row)
    {
        lock (gate)
        {
            if (rows.Count >= maxRows)
            {
                dropped++;
                return;
            }
            rows.Add(row);
        }
    }

    public void AddRange(IEnumerable<T> more)
    {
        foreach (var row in more)
        {
            Add(row);
        }
    }

    public async Task FlushAsync(string hourFolder, string partName, CancellationToken cancellationToken)
    {
        List<T> taken;
        long lost;
        lock (gate)
        {
            (taken, rows) = (rows, []);
            (lost, dropped) = (dropped, 0);
        }
        if (lost > 0)
        {
            LogDropped(logger, lost, name);
        }
        if (taken.Count == 0)
        {
            return;
        }
        try
        {
            Directory.CreateDirectory(hourFolder);
            await WriteAsync(taken, Path.Combine(hourFolder, partName), cancellationToken);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            lock (gate)
            {
                // Kept for the next flush, within the bound.
                rows.InsertRange(0, taken.Take(Math.Max(0, maxRows - rows.Count)));
            }
            LogNotWritten(logger, error, taken.Count, name, hourFolder);
        }
    }

    public async Task CompactAsync(string hourFolder, string writer, CancellationToken cancellationToken)
    {
        var final = Path.Combine(hourFolder, HistoryFiles.MergedName(writer));
        var merged = final + HistoryFiles.MergedSuffix;
        var parts = Directory.EnumerateFiles(hourFolder, HistoryFiles.PartPattern(writer)).Order(StringComparer.Ordinal).ToList();
        if (File.Exists(merged))
        {
            // An earlier compaction wrote everything and stopped while deleting its parts: finish it.
            parts.ForEach(File.Delete);
            File.Move(merged, final, overwrite: true);
            return;
        }
        if (parts.Count == 0)
        {
            return;
        }
        var all = new List<T>();
        foreach (var file in (File.Exists(final) ? parts.Prepend(final) : parts).ToList())
        {
            await using var stream = File.OpenRead(file); // a file that cannot be opened now stops this merge, tried again later
            try
            {
                all.AddRange((await ParquetSerializer.DeserializeAsync<T>(stream, Options, cancellationToken: cancellationToken)).Data);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                await stream.DisposeAsync();
                // A damaged file is set aside (a query would fail on it) and the others are merged.
                File.Move(file, file + HistoryFiles.DamagedSuffix, overwrite: true);
                parts.Remove(file);
                LogDamaged(logger, error, file, HistoryFiles.DamagedSuffix);
            }
        }
        await WriteAsync(all, merged, cancellationToken);
        parts.ForEach(File.Delete);
        File.Move(merged, final, overwrite: true);
    }

    private static async Task WriteAsync(List<T> rows, string path, CancellationToken cancellationToken)
    {
        var temporary = path + HistoryFiles.TemporarySuffix;
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await ParquetSerializer.SerializeAsync(rows, stream, Options, cancellationToken: cancellationToken);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    [LoggerMessage(EventId = 1901, Level = LogLevel.Warning, Message = "History: {Rows} rows of {Table} could not be written to {Folder}; kept for the next flush")]
    private static partial void LogNotWritten(ILogger logger, Exception error, int rows, string table, string folder);

    [LoggerMessage(EventId = 1902, Level = LogLevel.Warning, Message = "History: {Count} rows of {Table} dropped, more than the buffer holds between two flushes (Cdr:History:MaxBufferedRows)")]
    private static partial void LogDropped(ILogger logger, long count, string table);

    [LoggerMessage(EventId = 1903, Level = LogLevel.Error, Message = "History: {File} cannot be read and is set aside with the suffix {Suffix}; the other files of its hour are merged")]
    private static partial void LogDamaged(ILogger logger, Exception error, string file, string suffix);
}

/// <summary>Where history files go, and what their names mean: <c>TABLE/yyyy-MM-dd/HH/WRITER~STAMP-SEQ.parquet</c> parts, <c>WRITER.parquet</c> once merged.</summary>
public static class HistoryFiles
{
    public const string TemporarySuffix = ".tmp";
    public const string MergedSuffix = ".merged";
    public const string DamagedSuffix = ".damaged";

    internal interface ITable
    {
        string Name { get; }

        Task FlushAsync(string hourFolder, string partName, CancellationToken cancellationToken);

        Task CompactAsync(string hourFolder, string writer, CancellationToken cancellationToken);
    }

    public static string HourFolder(string directory, string table, DateTime hourUtc) =>
        Path.Combine(directory, table, hourUtc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), hourUtc.ToString("HH", CultureInfo.InvariantCulture));

    public static string MergedName(string writer) => $"{writer}.parquet";

    public static string PartPattern(string writer) => $"{writer}~*.parquet";

    /// <summary>A file name from a silo's address: letters, digits, dots and dashes.</summary>
    public static string WriterName(string silo) =>
        string.Concat(silo.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-'));

    /// <summary>The hour a folder <c>yyyy-MM-dd/HH</c> holds, or null for a folder that is not one.</summary>
    public static DateTime? HourOf(string dayFolder, string hourFolder) =>
        DateTime.TryParseExact($"{Path.GetFileName(dayFolder)} {Path.GetFileName(hourFolder)}", "yyyy-MM-dd HH", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var hour) ? hour : null;
}
