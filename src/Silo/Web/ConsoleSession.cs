using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// What a request shows to prove it has the console's key: the key itself in <c>X-Api-Key</c> (scripts, the console
/// client) or as <c>Authorization: Bearer KEY</c> (a Prometheus scrape's <c>authorization</c> setting), or the session cookie the page gets once for it (<c>POST /api/session</c>). The cookie holds an expiry
/// and an HMAC of it under the key, never the key: every silo with the same key accepts it, a silo restart does not
/// end it, and a changed key ends every session. HttpOnly (no script reads it) and SameSite=Strict (no other site's
/// request carries it).
/// </summary>
public static class ConsoleSession
{
    public const string Header = "X-Api-Key";

    public const string Cookie = "cdr-session";

    /// <summary>How long a session lasts before the page asks for the key again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public static bool IsKey(string given, string key) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key));

    /// <summary>True when the request carries the key or a live session made with it.</summary>
    public static bool Holds(HttpRequest request, string key, DateTimeOffset now) =>
        request.Headers[Header].ToString() is { Length: > 0 } given ? IsKey(given, key)
        : Bearer(request) is { } bearer ? IsKey(bearer, key)
        : request.Cookies[Cookie] is { } cookie && IsValid(cookie, key, now);

    private static string? Bearer(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? value["Bearer ".Length..].Trim()
            : null;

    public static string Issue(string key, DateTimeOffset now)
    {
        var expires = (now + Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{expires}.{Sign(key, expires)}";
    }

    public static bool IsValid(string token, string key, DateTimeOffset now)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || expires < now.ToUnixTimeSeconds() || expires > (now + Lifetime).ToUnixTimeSeconds())
        {
            return false;
        }
        return IsKey(token[(dot + 1)..], Sign(key, token[..dot]));
    }

    public static void SetCookie(HttpResponse response, string key, DateTimeOffset now) =>
        response.Cookies.Append(Cookie, Issue(key, now), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = response.HttpContext.Request.IsHttps, Path = "/", MaxAge = Lifetime,
        });

    public static void ClearCookie(HttpResponse response) =>
        response.Cookies.Delete(Cookie, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });

    private static string Sign(string key, string expires) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"cdr-console-session:{expires}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
