using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Silo.Web;
using Cdr.Orleans.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Bench;

/// <summary>
/// <c>bench --console-tabs N</c>: the web console's live feed running in the bench's silo with N listeners, as N open
/// pages would have (each gets every update a second and writes it out), so the bench measures what they cost the
/// CDR rate. The sockets are left out: each page's is a few kilobytes a second.
/// </summary>
public sealed class BenchConsoleTabs : IAsyncDisposable
{
    private readonly LiveFeed feed;
    private readonly CancellationTokenSource stop = new();
    private readonly Task[] tabs;
    private long updates;
    private long bytes;

    public BenchConsoleTabs(IServiceProvider services, IConfiguration configuration, IGrainFactory grains, CdrStreamOptions streams, int count)
    {
        feed = new LiveFeed(grains, new StreamBacklogReader(services, configuration, Options.Create(streams)), TimeProvider.System,
            services.GetRequiredService<ILogger<LiveFeed>>());
        tabs = [.. Enumerable.Range(0, count).Select(_ => Task.Run(ListenAsync))];
    }

    public long Updates => Interlocked.Read(ref updates);

    public long Bytes => Interlocked.Read(ref bytes);

    /// <summary>Updates made and the mean wall time to make one.</summary>
    public (long Made, TimeSpan Mean) Making => feed.Making;

    public Task StartAsync() => feed.StartAsync(CancellationToken.None);

    private async Task ListenAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var update = await feed.NextAsync(stop.Token);
                await Stream.Null.WriteAsync(update, stop.Token);
                Interlocked.Increment(ref updates);
                Interlocked.Add(ref bytes, update.Length);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(tabs);
        await feed.StopAsync(CancellationToken.None);
        feed.Dispose();
        stop.Dispose();
    }
}
