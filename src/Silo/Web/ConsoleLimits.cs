using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// What one silo's console runs at once: live-feed connections, segment queries and backtests, each up to its
/// setting (<see cref="WebConsoleOptions"/>). One more gets 429 with the limit's name, and the work already running
/// goes on undisturbed.
/// </summary>
public sealed class ConsoleLimits(IOptions<WebConsoleOptions> options)
{
    private readonly SemaphoreSlim segments = new(options.Value.MaxConcurrentSegments);
    private readonly SemaphoreSlim backtests = new(options.Value.MaxConcurrentBacktests);
    private readonly SemaphoreSlim live = new(options.Value.MaxLiveConnections);

    public WebConsoleOptions Settings { get; } = options.Value;

    /// <summary>A place for a segment query, or null (then <see cref="Busy"/>).</summary>
    public IDisposable? TrySegment() => TryEnter(segments);

    public IDisposable? TryBacktest() => TryEnter(backtests);

    public IDisposable? TryLive() => TryEnter(live);

    /// <summary>The 429 for a limit reached: what it is, its setting and its value.</summary>
    public static IResult Busy(string what, string setting, int limit)
    {
        var result = WebConsoleJson.Error(StatusCodes.Status429TooManyRequests,
            $"{what}: {limit} already running on this silo, the most it runs at once ({WebConsoleOptions.SectionName}:{setting}); try again when one ends");
        return new RetryAfter(result);
    }

    private static Lease? TryEnter(SemaphoreSlim gate) => gate.Wait(0) ? new Lease(gate) : null;

    private sealed class Lease(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    private sealed class RetryAfter(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = "5";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
