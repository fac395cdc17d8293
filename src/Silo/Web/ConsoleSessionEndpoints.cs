using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// The page's session: <c>GET /api/session</c> says whether a key is needed and held; <c>POST /api/session</c> with
/// <c>{"key": ...}</c> sets the session cookie (<see cref="ConsoleSession"/>); <c>DELETE</c> ends it. The only API
/// route open without the key (it is how the key is given).
/// </summary>
public static class ConsoleSessionEndpoints
{
    public const string Path = "/api/session";

    public static void MapConsoleSessionEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/session", (HttpRequest request, IOptions<WebConsoleOptions> options, TimeProvider time) =>
            Results.Json(new ConsoleApi.Session(options.Value.Key is not null,
                options.Value.Key is not { } key || ConsoleSession.Holds(request, key, time.GetUtcNow())), WebConsoleJson.Options));
        api.MapPost("/session", (ConsoleApi.SignIn signIn, HttpResponse response, IOptions<WebConsoleOptions> options, TimeProvider time) =>
        {
            if (options.Value.Key is not { } key)
            {
                return Results.Json(new ConsoleApi.Session(false, true), WebConsoleJson.Options);
            }
            if (signIn.Key is not { Length: > 0 } given || !ConsoleSession.IsKey(given, key))
            {
                return WebConsoleJson.Error(StatusCodes.Status401Unauthorized, "that is not the console's key");
            }
            ConsoleSession.SetCookie(response, key, time.GetUtcNow());
            return Results.Json(new ConsoleApi.Session(true, true), WebConsoleJson.Options);
        });
        api.MapDelete("/session", (HttpResponse response, IOptions<WebConsoleOptions> options) =>
        {
            ConsoleSession.ClearCookie(response);
            return Results.Json(new ConsoleApi.Session(options.Value.Key is not null, options.Value.Key is null), WebConsoleJson.Options);
        });
    }
}
