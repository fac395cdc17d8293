using System.Diagnostics;
using Cdr.Orleans.Infrastructure.History;

namespace Cdr.Orleans.Bench;

/// <summary>
/// <c>bench --history</c>'s figures, once the silo has stopped (and written its last rows): the history's size per
/// table and per million CDRs applied, and the shipped queries' times over a day of it (the run's files copied into
/// each of a day's 24 hours, as a day at the run's volume an hour would be).
/// </summary>
public static class BenchHistory
{
    public static async Task ReportAsync(string directory, long applied)
    {
        Console.WriteLine($"  history                      {directory}");
        long total = 0;
        foreach (var table in HistoryWriter.Tables)
        {
            var files = Files(directory, table);
            var bytes = files.Sum(f => new FileInfo(f).Length);
            total += bytes;
            var rows = files.Length == 0 ? 0 : await CountAsync(directory, table);
            Console.WriteLine($"    {table,-14} {rows,12:N0} rows {bytes / 1024.0,10:N0} KiB in {files.Length} files");
        }
        Console.WriteLine($"  history per 1M CDRs applied  {total / 1048576.0 / Math.Max(1, applied) * 1_000_000:N2} MiB ({total / 1048576.0:N1} MiB for {applied:N0} CDRs)");

        var day = Directory.CreateTempSubdirectory("cdr-bench-history-day-").FullName;
        try
        {
            foreach (var table in HistoryWriter.Tables)
            {
                foreach (var (file, index) in Files(directory, table).Select((f, i) => (f, i)))
                {
                    for (var hour = 0; hour < 24; hour++)
                    {
                        var folder = HistoryFiles.HourFolder(day, table, new DateTime(2026, 1, 1, hour, 0, 0, DateTimeKind.Utc));
                        Directory.CreateDirectory(folder);
                        File.Copy(file, Path.Combine(folder, $"bench-{index}.parquet"));
                    }
                }
            }
            var decisions = await CountAsync(day, HistoryWriter.Decisions);
            Console.WriteLine($"  a day of history (24 x the run: {24 * applied:N0} CDRs, {decisions:N0} decisions), each shipped query, median of 3:");
            foreach (var query in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "queries"), "*.sql").Order(StringComparer.Ordinal))
            {
                var sql = await File.ReadAllTextAsync(query);
                var times = new List<double>();
                HistoryResult? result = null;
                for (var i = 0; i < 3; i++)
                {
                    var watch = Stopwatch.StartNew();
                    result = await HistoryQuery.RunAsync(day, sql, TimeSpan.FromMinutes(5), CancellationToken.None);
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
                Console.WriteLine($"    {Path.GetFileName(query),-34} {times.Order().ElementAt(1),8:N0} ms ({result!.Rows.Count:N0} rows)");
            }
        }
        finally
        {
            Directory.Delete(day, recursive: true);
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string[] Files(string directory, string table) =>
        Directory.Exists(Path.Combine(directory, table)) ? Directory.GetFiles(Path.Combine(directory, table), "*.parquet", SearchOption.AllDirectories) : [];

    private static async Task<long> CountAsync(string directory, string table) =>
        (long)(await HistoryQuery.RunAsync(directory, $"SELECT count(*) FROM {table}", TimeSpan.FromMinutes(5), CancellationToken.None)).Rows[0][0]!;
}
