using Cdr.Orleans.Contracts.Responses;
using Cdr.Orleans.Domain.Delivery;
using Cdr.Orleans.Domain.Responses;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// Responses over HTTP, both into <see cref="IResponseGrain"/> (docs/responses.md):
/// <list type="bullet">
/// <item><c>POST /api/offers/{id}/response</c>, <c>{"response": "accept"}</c>: the console's, behind its key like every
/// API route; 200, or 404 (no such offer), 409 (answered before), 410 (past the response window), 400.</item>
/// <item><c>POST /hooks/responses</c>: the inbound webhook for gateways, which hold no console key: signed as the
/// engine's own webhooks are (<see cref="WebhookSignature"/>, with <see cref="ResponseHookOptions"/>'s secret, the
/// timestamp within its tolerance), rate-limited, one response or many; each gets its own result.</item>
/// </list>
/// <see cref="ConsoleGuard"/> is in front of both (host, origin, body size and type).
/// </summary>
public static class ResponseEndpoints
{
    public const string HookPath = "/hooks/responses";

    public sealed record ResponseBody(string? Response, DateTimeOffset? At);

    public sealed record Answered(string OfferId, string Result, string? Response, string? CampaignId, string Message);

    public sealed record HookAnswer(int Recorded, int Refused, IReadOnlyList<HookItem> Results);

    public sealed record HookItem(int Index, string? OfferId, string Result, string Message);

    public static void MapResponseEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/offers/{id}/response", async (string id, ResponseBody body, IGrainFactory grains, TimeProvider time) =>
        {
            if (!ResponseWords.IsOfferId(id))
            {
                return WebConsoleJson.Error(StatusCodes.Status404NotFound, $"'{InboundResponses.Shorten(id)}' is not an offer id (16 lowercase hex digits, as the offer lists show them)");
            }
            if (ResponseWords.Parse(body?.Response) is not { } response)
            {
                return WebConsoleJson.Error(StatusCodes.Status400BadRequest,
                    $"response '{InboundResponses.Shorten(body?.Response ?? "")}' is not accepted; accepted: {ResponseWords.Accepted}; send {{\"response\": \"accept\"}}");
            }
            var now = time.GetUtcNow().UtcDateTime;
            var at = body!.At?.UtcDateTime ?? now;
            if (at > now + InboundResponses.FutureTolerance)
            {
                return WebConsoleJson.Error(StatusCodes.Status400BadRequest, $"'at' {at:yyyy-MM-ddTHH:mm:ssZ} is in the future");
            }
            var recorded = (await grains.GetGrain<IResponseGrain>(0).RespondAsync([new OfferAnswer(id, response, at, "api")]))[0];
            var (message, status) = ResponseMessages.Of(id, response, recorded);
            return status == StatusCodes.Status200OK
                ? WebConsoleJson.Json(new Answered(id, "recorded", ResponseWords.Name(response), recorded.Offer?.CampaignId, message))
                : WebConsoleJson.Error(status, message);
        });
    }

    /// <summary>The webhook, outside <c>/api</c>: its senders prove themselves with the signature, not the console's key.</summary>
    public static void MapResponseHook(this IEndpointRouteBuilder app, int? port)
    {
        var hook = app.MapPost(HookPath, ReceiveAsync);
        if (port is { } only)
        {
            hook.RequireHost($"*:{only}");
        }
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, IOptions<ResponseHookOptions> options, ResponseHookGate gate, IGrainFactory grains, TimeProvider time)
    {
        var settings = options.Value;
        if (settings.Key is not { } secret)
        {
            return WebConsoleJson.Error(StatusCodes.Status404NotFound,
                $"the response webhook is off on this silo; set {ResponseHookOptions.SectionName}:SecretFile (or :Secret) to turn it on");
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var now = time.GetUtcNow();
        if (!WebhookSignature.Verify(secret, request.Headers[WebhookSignature.TimestampHeader], body, request.Headers[WebhookSignature.Header], now, settings.Tolerance))
        {
            return WebConsoleJson.Error(StatusCodes.Status401Unauthorized,
                $"the signature does not verify: send {WebhookSignature.TimestampHeader} (Unix seconds, within {settings.Tolerance.TotalMinutes:0} minutes of now) and " +
                $"{WebhookSignature.Header}: sha256= and the hex HMAC-SHA256 of the timestamp, a dot and the body, keyed with the shared secret");
        }
        if (InboundResponses.Parse(body, now.UtcDateTime, out var error) is not { } items)
        {
            return WebConsoleJson.Error(StatusCodes.Status400BadRequest, error!);
        }
        var good = items.Where(i => i.Error is null).ToList();
        if (!gate.TryTake(now.UtcDateTime, good.Count, out var wait))
        {
            request.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return WebConsoleJson.Error(StatusCodes.Status429TooManyRequests,
                $"more than {settings.RatePerSecond:0.##} responses a second ({ResponseHookOptions.SectionName}:RatePerSecond); nothing of this request was taken: send it again later");
        }
        var responses = grains.GetGrain<IResponseGrain>(0);
        var toOffers = good.Where(i => i.OfferId is not null).ToList();
        var recorded = toOffers.Count == 0 ? [] : await responses.RespondAsync([.. toOffers.Select(i => new OfferAnswer(i.OfferId!, i.Response, i.AtUtc, "hook"))]);
        var byIndex = toOffers.Zip(recorded).ToDictionary(x => x.First.Index, x => Item(x.First, x.Second));
        foreach (var stop in good.Where(i => i.Msisdn is not null))
        {
            byIndex[stop.Index] = await responses.OptOutAsync(stop.Msisdn!, stop.AtUtc)
                ? new HookItem(stop.Index, null, "opted-out", $"{Domain.Cdrs.Msisdn.Mask(stop.Msisdn!)} opted out: no campaign offers them anything from now on")
                : new HookItem(stop.Index, null, "not-found", $"{Domain.Cdrs.Msisdn.Mask(stop.Msisdn!)} is not a known subscriber; nothing kept");
        }
        var results = items.Select(i => i.Error is { } why ? new HookItem(i.Index, i.OfferId, "invalid", why) : byIndex[i.Index]).ToList();
        var taken = results.Count(r => r.Result is "recorded" or "opted-out");
        return WebConsoleJson.Json(new HookAnswer(taken, results.Count - taken, results));
    }

    private static HookItem Item(InboundResponses.Item item, RecordedResponse recorded)
    {
        var (message, _) = ResponseMessages.Of(item.OfferId!, item.Response, recorded);
        var result = recorded.Result switch
        {
            Contracts.Campaigns.RespondResult.Recorded => "recorded",
            Contracts.Campaigns.RespondResult.AlreadyAnswered => "already-answered",
            Contracts.Campaigns.RespondResult.Expired => "expired",
            _ => "not-found",
        };
        return new HookItem(item.Index, item.OfferId, result, message);
    }
}

/// <summary>The webhook's rate limit on this silo: one token bucket, shared by every request.</summary>
public sealed class ResponseHookGate(IOptions<ResponseHookOptions> options, TimeProvider time)
{
    private readonly TokenBucket bucket = new(options.Value.RatePerSecond, time.GetUtcNow().UtcDateTime);
    private readonly Lock gate = new();

    public bool TryTake(DateTime nowUtc, int responses, out TimeSpan wait)
    {
        lock (gate)
        {
            return bucket.TryTake(nowUtc, responses, out wait);
        }
    }
}
