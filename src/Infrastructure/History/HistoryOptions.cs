using System.Globalization;

namespace Cdr.Orleans.Infrastructure.History;

/// <summary>
/// History for later analysis (docs/history.md): hourly Parquet files that DuckDB queries. Section <c>Cdr:History</c>.
/// </summary>
public sealed class HistoryOptions
{
    public const string SectionName = "Cdr:History";

    /// <summary>False: nothing is written. Default true (written when there is a directory).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Where the files go. Unset: <c>history</c> under the engine's data directory (<c>Cdr:Engine:DataDirectory</c>);
    /// with neither, no history. In a cluster each silo writes its own files; give every silo the same shared
    /// directory to query the whole cluster's history in one place.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>How often buffered rows are written as a part file. Default 1 minute (what a silo killed with -9 can lose).</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Days of history kept; older days' folders are deleted. Default 90.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>Rows one table holds between two flushes at most; more are dropped and counted in the log. Default 1,000,000.</summary>
    public int MaxBufferedRows { get; set; } = 1_000_000;

    /// <summary>The directory history is written to and read from, or null when there is none.</summary>
    public string? Resolve(string? dataDirectory) =>
        !Enabled ? null
        : Directory is { Length: > 0 } directory ? Path.GetFullPath(directory)
        : dataDirectory is { Length: > 0 } data ? Path.GetFullPath(Path.Combine(data, "history"))
        : null;

    public string? Validate()
    {
        if (Directory is { Length: > 0 } directory && directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return $"{SectionName}:Directory '{directory}' is not a valid path";
        }
        if (FlushInterval < TimeSpan.FromSeconds(1) || FlushInterval > TimeSpan.FromMinutes(10))
        {
            return $"{SectionName}:FlushInterval is {FlushInterval.ToString("c", CultureInfo.InvariantCulture)}; accepted: 00:00:01 to 00:10:00";
        }
        if (RetentionDays is < 1 or > 3660)
        {
            return $"{SectionName}:RetentionDays is {RetentionDays}; accepted: 1 to 3660";
        }
        if (MaxBufferedRows < 1_000)
        {
            return $"{SectionName}:MaxBufferedRows is {MaxBufferedRows}; accepted: 1000 or more";
        }
        return null;
    }
}
