using System.Diagnostics;

namespace Cdr.Orleans.Silo.Hosting;

/// <summary>
/// Keeps Orleans' watchdog from opening every silo's output with a false alarm. Its first check reports that "the
/// participant check thread has not completed for" as long as the machine has been up (01:08:10 an hour after boot,
/// 00:14:59 fifteen minutes after it): the time since its last check is taken on the monotonic clock, which counts from
/// boot, before there has been a last check. The warning is Orleans' own and comes at start only; warnings of the
/// watchdog are kept from the first <see cref="Grace"/> of the process, later ones (a real stall) and its errors are shown.
/// </summary>
public static class QuietStart
{
    public const string WatchdogCategory = "Orleans.Runtime.Watchdog";

    /// <summary>Longer than the silo's start and the watchdog's first period, shorter than any stall worth a warning.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    private static readonly long Started = Stopwatch.GetTimestamp();

    /// <summary>The watchdog's logging filter: its warnings after <see cref="Grace"/>, its errors always (as the Orleans category's Warning level would).</summary>
    public static bool Filter(LogLevel level) => level > LogLevel.Warning || level == LogLevel.Warning && Stopwatch.GetElapsedTime(Started) > Grace;
}
