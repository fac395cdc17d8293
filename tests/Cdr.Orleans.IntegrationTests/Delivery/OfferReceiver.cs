using System.Collections.Concurrent;
using Cdr.Orleans.Domain.Delivery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cdr.Orleans.Tests.Delivery;

/// <summary>
/// A webhook receiver on loopback, as an SMS gateway would run one: it checks each request's signature and acts once
/// per idempotency key, keeping the offers it acted on. Requests it cannot verify are counted and refused with 401.
/// A test may make it unreliable: <c>refuse</c> answers a request instead of acting on it (a 503, a 400), and
/// <c>afterActing</c> delays the answer once it has acted.
/// </summary>
public sealed class OfferReceiver : IAsyncDisposable
{
    public const string Secret = "a-shared-secret-of-at-least-32-characters";

    private readonly WebApplication app;
    private readonly Func<OfferMessage, IResult?>? refuse;
    private readonly Func<OfferMessage, Task>? afterActing;

    private OfferReceiver(WebApplication app, Func<OfferMessage, IResult?>? refuse, Func<OfferMessage, Task>? afterActing) =>
        (this.app, this.refuse, this.afterActing) = (app, refuse, afterActing);

    public ConcurrentDictionary<string, OfferMessage> Received { get; } = new(StringComparer.Ordinal);

    public int Unverified;

    /// <summary>Requests with a valid signature, answered or not.</summary>
    public int Attempts;

    /// <summary>Requests for a key acted on before, answered 200 without acting again (what the idempotency key is for).</summary>
    public int AgainAfterActing;

    /// <summary>While true, every request is answered 503 (the gateway is down) and nothing is acted on.</summary>
    public volatile bool Failing;

    public Uri Url => new(app.Urls.Single() + "/offers");

    public static async Task<OfferReceiver> StartAsync(Func<OfferMessage, IResult?>? refuse = null, Func<OfferMessage, Task>? afterActing = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var receiver = new OfferReceiver(builder.Build(), refuse, afterActing);
        receiver.app.MapPost("/offers", receiver.ReceiveAsync);
        await receiver.app.StartAsync();
        return receiver;
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        if (!WebhookSignature.Verify(Secret, request.Headers[WebhookSignature.TimestampHeader], body.ToArray(), request.Headers[WebhookSignature.Header],
                DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)))
        {
            Interlocked.Increment(ref Unverified);
            return Results.Unauthorized();
        }
        var message = OfferMessage.FromJson(body.ToArray());
        if (message is null || message.Id != request.Headers[WebhookSignature.IdempotencyHeader])
        {
            return Results.BadRequest();
        }
        Interlocked.Increment(ref Attempts);
        if (Failing)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        if (refuse?.Invoke(message) is { } refused)
        {
            return refused;
        }
        if (!Received.TryAdd(message.Id, message))
        {
            Interlocked.Increment(ref AgainAfterActing);
        }
        if (afterActing is not null)
        {
            await afterActing(message);
        }
        return Results.Ok();
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
