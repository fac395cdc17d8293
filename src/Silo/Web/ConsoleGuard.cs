using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// In front of everything the silo serves over HTTP (the web console, its API, the traffic API, the Orleans
/// Dashboard), in this order:
/// <list type="number">
/// <item>security headers on every response (a Content-Security-Policy that allows only the silo's own scripts and
/// styles, no framing, <c>nosniff</c>, no referrer);</item>
/// <item>the <c>Host</c> must be one of the console's names (<see cref="WebConsoleOptions.Hosts"/>, localhost, this
/// machine's name, an IP literal), else 421: a page on another site whose name was pointed at this machine (DNS
/// rebinding) reads nothing;</item>
/// <item>a request from another site (<c>Origin</c>, <c>Sec-Fetch-Site</c>) that changes state, or that reads data
/// other than by navigating to a page, gets 403 and changes nothing;</item>
/// <item>a body must be JSON (a backtest's, a multipart form) and within its size limit: 415, 413;</item>
/// <item>with a key set, every API route, the dashboard and <c>/metrics</c> need it (<see cref="ConsoleSession"/>): 401.</item>
/// </list>
/// </summary>
public sealed class ConsoleGuard(RequestDelegate next, IOptions<WebConsoleOptions> options, TimeProvider time)
{
    /// <summary>The console's pages: its own scripts, styles and images only; no inline script or style, no framing.</summary>
    public const string ConsolePolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The Orleans Dashboard sets style attributes in its markup; its scripts are still its own only.</summary>
    public const string DashboardPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private readonly WebConsoleOptions settings = options.Value;
    private readonly HashSet<string> names = new(
        ["localhost", Environment.MachineName, Dns.GetHostName(), .. options.Value.HostNames], StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path;
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = path.StartsWithSegments(Hosting.CdrSiloBuilderExtensions.DashboardPath) ? DashboardPolicy : ConsolePolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";

        if (Refusal(context) is { } refusal)
        {
            await WebConsoleJson.Error(refusal.Status, refusal.Message).ExecuteAsync(context);
            return;
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            // A body sent without its length, cut off by Kestrel at the limit set below.
            await WebConsoleJson.Error(StatusCodes.Status413PayloadTooLarge, TooLarge(path, BodyLimit(path))).ExecuteAsync(context);
        }
    }

    private sealed record Refused(int Status, string Message);

    private Refused? Refusal(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path;
        if (!IsOurHost(request.Host))
        {
            return new(StatusCodes.Status421MisdirectedRequest,
                $"this silo does not answer to the host '{request.Host}'; it answers to localhost, this machine's name, its IP addresses " +
                $"and the names in {WebConsoleOptions.SectionName}:Hosts (--console-host NAME)");
        }
        var changes = !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method);
        if (CrossSite(request, changes) is { } site)
        {
            return new(StatusCodes.Status403Forbidden, $"refused: a request from {site}; the console takes requests only from its own pages");
        }
        var guarded = path.StartsWithSegments("/api") || path.StartsWithSegments(Hosting.CdrSiloBuilderExtensions.DashboardPath)
            || path.StartsWithSegments(Hosting.MetricsOptions.Path);
        if (settings.Key is { } key && guarded && !path.StartsWithSegments(ConsoleSessionEndpoints.Path) && !ConsoleSession.Holds(request, key, time.GetUtcNow()))
        {
            return new(StatusCodes.Status401Unauthorized, request.Headers[ConsoleSession.Header].Count > 0 || request.Headers.Authorization.Count > 0
                ? $"the {ConsoleSession.Header} or Authorization header does not hold the console's key"
                : $"this silo's console has a key: open the console (it asks for the key once), or send the key in the {ConsoleSession.Header} header " +
                  "(or as Authorization: Bearer KEY, as a Prometheus scrape does)");
        }
        if (changes)
        {
            var limit = BodyLimit(path);
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = limit;
            }
            if (request.ContentLength > limit)
            {
                return new(StatusCodes.Status413PayloadTooLarge, TooLarge(path, limit));
            }
            if (request.ContentLength is not 0 && BodyType(path) is var (type, example) && !HasType(request, type))
            {
                return new(StatusCodes.Status415UnsupportedMediaType,
                    $"the body is '{request.ContentType}'; accepted here: {type} ({example})");
            }
        }
        return null;
    }

    /// <summary>
    /// Where a browser says the request comes from another site: null for the console's own pages and for clients
    /// that are not browsers (they send neither header). A change is refused from anywhere else; a read only when it
    /// is not a navigation (a link from elsewhere to the console still opens it).
    /// </summary>
    private static string? CrossSite(HttpRequest request, bool changes)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !SameOrigin(origin, request))
        {
            return $"the page at {origin}";
        }
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "" or "same-origin" or "none")
        {
            return null;
        }
        return changes || request.Headers["Sec-Fetch-Mode"].ToString() != "navigate" ? $"another site (Sec-Fetch-Site: {site})" : null;
    }

    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme == request.Scheme
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    private bool IsOurHost(HostString host) =>
        host.HasValue && (IPAddress.TryParse(host.Host.Trim('[', ']'), out _) || names.Contains(host.Host));

    private static bool IsBacktest(PathString path) => path.StartsWithSegments("/api/campaigns") && path.Value!.EndsWith("/backtest", StringComparison.Ordinal);

    private long BodyLimit(PathString path) => IsBacktest(path) ? settings.MaxBacktestMegabytes * 1024L * 1024 : settings.MaxRequestKilobytes * 1024L;

    private static (string Type, string Example)? BodyType(PathString path) =>
        IsBacktest(path) ? ("multipart/form-data", "a form with the CDR file in the field 'file'")
        : path.StartsWithSegments("/api") || path.StartsWithSegments(ResponseEndpoints.HookPath) ? ("application/json", "Content-Type: application/json")
        : null;

    private static bool HasType(HttpRequest request, string type) =>
        request.ContentType is { } given && given.Split(';')[0].Trim().Equals(type, StringComparison.OrdinalIgnoreCase);

    private static string TooLarge(PathString path, long limit) => IsBacktest(path)
        ? $"the upload is larger than {limit / (1024 * 1024)} MiB, the most a backtest takes ({WebConsoleOptions.SectionName}:MaxBacktestMegabytes)"
        : $"the body is larger than {limit / 1024} KiB, the most a request takes ({WebConsoleOptions.SectionName}:MaxRequestKilobytes)";
}
