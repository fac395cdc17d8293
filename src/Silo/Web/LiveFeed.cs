using System.Diagnostics;
using System.Text.Json;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Contracts.Traffic;
using Cdr.Orleans.Grains.Hosting;
using Cdr.Orleans.Silo.Hosting;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// What the console's pages show live, made once a second while at least one page listens, and sent to every
/// listener as the same bytes: ten open tabs cost one set of grain calls, not ten.
/// </summary>
public sealed partial class LiveFeed(IGrainFactory grains, StreamBacklogReader stream, TimeProvider time, ILogger<LiveFeed> logger) : PeriodicService(time)
{
    /// <summary>Minutes of traffic the live charts show.</summary>
    public const int TrafficMinutes = 60;

    private TaskCompletionSource<byte[]> next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int listeners;
    private int failures;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    /// <summary>One update at a time: the tick's, or one made for a page that connected between ticks.</summary>
    private readonly SemaphoreSlim making = new(1, 1);
    private Update? latest;
    private long made;
    private long makingTicks;

    /// <summary>Updates made so far, and the mean wall time to make one (grain calls and JSON), for the bench.</summary>
    public (long Made, TimeSpan Mean) Making => (made, made == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Interlocked.Read(ref makingTicks) / made));

    /// <summary>
    /// For a page that just connected: the latest update if it is fresh (made within two intervals), else one made
    /// now, so that the page draws at once and never from numbers left over from before it came. Null when none could
    /// be made (the page then waits for the next).
    /// </summary>
    public async Task<byte[]?> CurrentAsync(CancellationToken cancellationToken) =>
        Fresh() ?? await MakeAndSendAsync(unlessFresh: true, cancellationToken);

    /// <summary>Counts a listener while it waits, so that nothing is made for nobody.</summary>
    public async Task<byte[]> NextAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref listeners);
        try
        {
            return await Volatile.Read(ref next).Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref listeners);
        }
    }

    protected override async Task TickAsync(CancellationToken stoppingToken)
    {
        if (Volatile.Read(ref listeners) == 0)
        {
            return;
        }
        await MakeAndSendAsync(unlessFresh: false, stoppingToken);
    }

    private sealed record Update(byte[] Bytes, long At);

    private byte[]? Fresh() => latest is { } l && Time.GetElapsedTime(l.At) < 2 * Interval ? l.Bytes : null;

    /// <summary>
    /// Makes an update and hands it to every listener, one at a time (<paramref name="unlessFresh"/>: the one another
    /// caller just made will do); null (and a warning now and then) when it fails.
    /// </summary>
    private async Task<byte[]?> MakeAndSendAsync(bool unlessFresh, CancellationToken cancellationToken)
    {
        await making.WaitAsync(cancellationToken); // before the try: a wait cancelled holds nothing to release
        try
        {
            if (unlessFresh && Fresh() is { } fresh)
            {
                return fresh;
            }
            var started = Stopwatch.GetTimestamp();
            var update = JsonSerializer.SerializeToUtf8Bytes(await MakeAsync(grains, stream), WebConsoleJson.Options);
            Interlocked.Add(ref makingTicks, Stopwatch.GetElapsedTime(started).Ticks);
            Interlocked.Increment(ref made);
            latest = new Update(update, Time.GetTimestamp());
            Interlocked.Exchange(ref next, new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult(update);
            failures = 0;
            return update;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            if (++failures % 60 == 1)
            {
                LogFailed(logger, error);
            }
            return null;
        }
        finally
        {
            making.Release();
        }
    }

    /// <summary>One update: the overview and the traffic pictures, as the API's endpoints give them.</summary>
    public static async Task<ConsoleApi.LiveUpdate> MakeAsync(IGrainFactory grains, StreamBacklogReader stream)
    {
        var traffic = grains.GetGrain<ITrafficGrain>(0);
        var stats = grains.GetGrain<IStatsGrain>(0).GetAsync();
        var regions = traffic.SeriesAsync(TrafficDimension.Region, TrafficMinutes);
        var operators = traffic.SeriesAsync(TrafficDimension.Operator, TrafficMinutes);
        var categories = traffic.TotalsAsync(TrafficDimension.Category, TrafficMinutes);
        var countries = traffic.TotalsAsync(TrafficDimension.CalleeCountry, TrafficMinutes);
        var hours = traffic.HoursAsync();
        var campaigns = grains.GetGrain<ICampaignRegistryGrain>(0).ListAsync();
        var results = await grains.GetGrain<IStatsGrain>(0).GetCampaignResultsAsync();
        return new ConsoleApi.LiveUpdate(
            WebConsoleJson.Overview(await stats, await stream.ReadAsync(CancellationToken.None)),
            [.. (await campaigns).Select(c => new ConsoleApi.LiveCampaign(
                c.Definition.Id, c.Status, WebConsoleJson.Funnel(results.GetValueOrDefault(c.Definition.Id) ?? CampaignResults.Zero)))],
            new ConsoleApi.LiveTraffic(
                TrafficMinutes, WebConsoleJson.Series(await regions), WebConsoleJson.Series(await operators), WebConsoleJson.Totals(await categories),
                WebConsoleJson.Totals(await countries, top: 15), WebConsoleJson.Totals(await hours)));
    }

    public override void Dispose()
    {
        making.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "The web console's live update could not be made (pages keep the last one)")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
