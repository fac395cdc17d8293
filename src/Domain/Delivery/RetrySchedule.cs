namespace Cdr.Orleans.Domain.Delivery;

/// <summary>
/// When a failed delivery is tried again: after <see cref="First"/>, doubling with each failure up to
/// <see cref="Longest"/>, each wait drawn between half and all of that (so that offers failed together do not all come
/// back together); and not at all once <see cref="GiveUpAfter"/> has passed since the offer was queued.
/// </summary>
public readonly record struct RetrySchedule(TimeSpan First, TimeSpan Longest, TimeSpan GiveUpAfter)
{
    /// <summary>The wait after the <paramref name="failures"/>-th failure; <paramref name="draw"/> is uniform in [0, 1).</summary>
    public TimeSpan After(int failures, double draw)
    {
        var doubled = First.Ticks * Math.Pow(2, Math.Clamp(failures - 1, 0, 40));
        var full = Math.Min(doubled, Longest.Ticks);
        return TimeSpan.FromTicks((long)(full * (0.5 + 0.5 * Math.Clamp(draw, 0, 1))));
    }

    /// <summary>The next attempt's time, or null when it would fall after the give-up time.</summary>
    public DateTime? Next(DateTime queuedUtc, DateTime nowUtc, int failures, double draw)
    {
        var next = nowUtc + After(failures, draw);
        return next - queuedUtc > GiveUpAfter ? null : next;
    }
}
