using System.Globalization;
using System.Net.Http.Headers;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Delivery;

namespace Cdr.Orleans.Infrastructure.Delivery;

/// <summary>
/// An HTTP POST per offer of its <see cref="OfferMessage"/> as JSON, signed with the channel's secret
/// (<see cref="WebhookSignature"/>), with the offer id as <c>Idempotency-Key</c>. 2xx is delivered; 408, 429, 5xx, a
/// timeout or a connection that fails are tried again; any other answer (a 4xx, a redirect, which is not followed) is
/// refused for good.
/// </summary>
public sealed class WebhookChannel : IOfferChannel, IDisposable
{
    private readonly HttpClient http;
    private readonly Uri url;
    private readonly string secret;
    private readonly TimeSpan timeout;
    private readonly TimeProvider time;

    public WebhookChannel(Uri url, string secret, TimeSpan timeout, TimeProvider time)
    {
        (this.url, this.secret, this.timeout, this.time) = (url, secret, timeout, time);
        http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5), // follows a receiver whose address changes
            ConnectTimeout = timeout,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan, // each attempt has its own, below
        };
    }

    public string Describe => $"webhook {url.GetLeftPart(UriPartial.Path)}";

    public async Task<SendResult> SendAsync(OfferDecision offer, CancellationToken cancellationToken)
    {
        var body = OfferMessage.Of(offer).ToJson();
        var stamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.IdempotencyHeader, offer.Id);
        request.Headers.Add(WebhookSignature.TimestampHeader, stamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(secret, stamp, body));
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            var code = (int)response.StatusCode;
            var said = $"HTTP {code} {response.ReasonPhrase}".TrimEnd();
            return code switch
            {
                >= 200 and < 300 => SendResult.Delivered,
                408 or 429 or >= 500 => SendResult.Retry(said),
                >= 300 and < 400 => SendResult.Refused($"{said}: redirects are not followed; configure the final address"),
                _ => SendResult.Refused(said),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendResult.Retry($"no answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException error)
        {
            return SendResult.Retry(error.HttpRequestError == HttpRequestError.Unknown ? error.Message : $"{error.HttpRequestError}: {error.Message}");
        }
    }

    public void Dispose() => http.Dispose();
}
