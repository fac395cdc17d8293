using System.Collections.Concurrent;
using Cdr.Orleans.Domain.Delivery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cdr.Orleans.Tests.Delivery;

/// <summary>
/// A webhook receiver on loopback, as an SMS gateway would run one: it checks each request's signature and keeps the
/// offers it was sent, by idempotency key. Requests it cannot verify are counted and refused with 401.
/// </summary>
public sealed class OfferReceiver : IAsyncDisposable
{
    public const string Secret = "a-shared-secret-of-at-least-32-characters";

    private readonly WebApplication app;

    private OfferReceiver(WebApplication app) => this.app = app;

    public ConcurrentDictionary<string, OfferMessage> Received { get; } = new(StringComparer.Ordinal);

    public int Unverified;

    /// <summary>Requests with a valid signature, answered or not.</summary>
    public int Attempts;

    /// <summary>While true, every request is answered 503 (the gateway is down) and nothing is acted on.</summary>
    public volatile bool Failing;

    public Uri Url => new(app.Urls.Single() + "/offers");

    public static async Task<OfferReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var receiver = new OfferReceiver(builder.Build());
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
        Received.TryAdd(message.Id, message); // acted on once per key
        return Results.Ok();
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
