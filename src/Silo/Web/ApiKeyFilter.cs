using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// Requests that change state carry the console's key in <c>X-Api-Key</c> when one is configured
/// (<see cref="WebConsoleOptions.ApiKey"/>); without it they get 401 and nothing changes.
/// </summary>
public sealed class ApiKeyFilter(IOptions<WebConsoleOptions> options) : IEndpointFilter
{
    public const string Header = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (options.Value.ApiKey is { Length: > 0 } key)
        {
            var given = context.HttpContext.Request.Headers[Header].ToString();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key)))
            {
                return WebConsoleJson.Error(StatusCodes.Status401Unauthorized, given.Length == 0
                    ? $"this changes state, so it needs the console's key: send it in the {Header} header (the page asks for it once)"
                    : $"the {Header} header does not hold the console's key");
            }
        }
        return await next(context);
    }
}
