namespace Cdr.Orleans.Domain.Delivery;

/// <summary>
/// A channel's rate limit: <see cref="PerSecond"/> sends a second on average, up to a second's worth at once. Not
/// thread-safe: one channel's sender owns it.
/// </summary>
public sealed class TokenBucket(double perSecond, DateTime startUtc)
{
    private double tokens = Math.Max(1, perSecond);
    private DateTime refilled = startUtc;

    public double PerSecond { get; } = perSecond;

    /// <summary>Takes one send if allowed now; otherwise says how long until one is.</summary>
    public bool TryTake(DateTime nowUtc, out TimeSpan wait) => TryTake(nowUtc, 1, out wait);

    /// <summary>
    /// Takes <paramref name="count"/> at once if allowed now. More than a second's worth is allowed when the bucket is
    /// full, and is paid for by the waits after it.
    /// </summary>
    public bool TryTake(DateTime nowUtc, int count, out TimeSpan wait)
    {
        var burst = Math.Max(1, PerSecond);
        if (nowUtc > refilled)
        {
            tokens = Math.Min(burst, tokens + (nowUtc - refilled).TotalSeconds * PerSecond);
            refilled = nowUtc;
        }
        var needed = Math.Min(count, burst);
        if (tokens >= needed)
        {
            tokens -= count;
            wait = TimeSpan.Zero;
            return true;
        }
        wait = TimeSpan.FromSeconds((needed - tokens) / PerSecond);
        return false;
    }
}
