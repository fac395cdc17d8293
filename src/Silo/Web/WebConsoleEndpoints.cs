using Cdr.Orleans.Silo.Hosting;
using Cdr.Orleans.Contracts.Stats;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// The web console: its pages (static files under <c>console/</c> beside the silo's binaries), its JSON API under
/// <c>/api</c> and the live feed (<c>GET /api/live</c>, server-sent events, one update a second). Every request passes
/// <see cref="ConsoleGuard"/> first (headers, host, origin, body, key).
/// </summary>
public static class WebConsoleEndpoints
{
    public const string LivePath = "/api/live";

    public static void MapWebConsole(this WebApplication app, int port, bool ownPort)
    {
        // On its own port the console answers only there, and the dashboard's port keeps only the dashboard.
        bool OnConsolePort(HttpContext context) => !ownPort || context.Connection.LocalPort == port;
        app.UseWhen(OnConsolePort, branch =>
        {
            // The chart library is 1.1 MB as it is and about a third of that compressed; the live feed is never
            // compressed (text/event-stream is not in the compressed types, so each update leaves at once).
            branch.UseResponseCompression();
            branch.UseDefaultFiles();
            branch.UseStaticFiles(new StaticFileOptions
            {
                // The library changes only with its pinned version: a day in the browser's cache. The pages are
                // checked again each load, so a new build's pages are seen at once.
                OnPrepareResponse = file => file.Context.Response.Headers.CacheControl =
                    file.Context.Request.Path.StartsWithSegments("/lib") ? "public, max-age=86400" : "no-cache",
            });
        });
        var api = app.MapGroup("/api");
        if (ownPort)
        {
            api.RequireHost($"*:{port}");
        }
        api.MapGet("/overview", async (IGrainFactory grains, StreamBacklogReader stream, CancellationToken aborted) =>
            WebConsoleJson.Json(WebConsoleJson.Overview(await grains.GetGrain<IStatsGrain>(0).GetAsync(), await stream.ReadAsync(aborted))));
        api.MapGet("/live", LiveAsync);
        api.MapConsoleSessionEndpoints();
        api.MapCampaignEndpoints();
        api.MapSubscriberEndpoints();
        api.MapModelEndpoints();
        api.MapSegmentEndpoints();
        api.MapLoadEndpoints();
        api.MapResponseEndpoints();
        api.MapPolicyEndpoints();
        api.MapHistoryEndpoints();
        app.MapResponseHook(ownPort ? port : null);
    }

    /// <summary>
    /// Server-sent events: a current update at once (so a page draws without waiting), then each new one. A comment
    /// line every 15 s keeps proxies from closing a quiet stream. At most <see cref="WebConsoleOptions.MaxLiveConnections"/>
    /// at once per silo; one more gets 429.
    /// </summary>
    private static async Task LiveAsync(HttpContext context, LiveFeed feed, ConsoleLimits limits)
    {
        using var place = limits.TryLive();
        if (place is null)
        {
            await ConsoleLimits.Busy("live-feed connections", nameof(WebConsoleOptions.MaxLiveConnections), limits.Settings.MaxLiveConnections).ExecuteAsync(context);
            return;
        }
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var stopping = context.RequestAborted;
        try
        {
            if (await feed.CurrentAsync(stopping) is { } current)
            {
                await WriteAsync(response, current, stopping);
            }
            else
            {
                await response.WriteAsync(": waiting for the first update\n\n", stopping);
                await response.Body.FlushAsync(stopping);
            }
            while (!stopping.IsCancellationRequested)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                quiet.CancelAfter(TimeSpan.FromSeconds(15));
                try
                {
                    await WriteAsync(response, await feed.NextAsync(quiet.Token), stopping);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    await response.WriteAsync(": still here\n\n", stopping);
                    await response.Body.FlushAsync(stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The page went away.
        }
    }

    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    private static async Task WriteAsync(HttpResponse response, byte[] update, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(DataPrefix, cancellationToken);
        await response.Body.WriteAsync(update, cancellationToken);
        await response.Body.WriteAsync(EventEnd, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
