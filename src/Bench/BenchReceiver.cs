using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Cdr.Orleans.Domain.Delivery;

namespace Cdr.Orleans.Bench;

/// <summary>
/// <c>--deliver</c>: a webhook receiver on loopback that every offer channel posts to, as an SMS or push gateway
/// would be; it answers 200 at once and times each offer from its CDR's publication (<c>publishedUtc</c>) to its
/// arrival, and counts an offer id that arrives twice.
/// </summary>
internal sealed class BenchReceiver : IDisposable
{
    public const string Secret = "the-bench-receiver-shared-secret-0123456789";

    /// <summary>The offer channels the shipped campaigns use, each sent to this receiver.</summary>
    public static readonly string[] Channels = ["sms", "push", "in-app", "email"];

    private readonly HttpListener listener = new();
    private readonly ConcurrentDictionary<string, byte> seen = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<double> latencies = new();
    private readonly Task accepting;
    private long duplicates;

    public BenchReceiver()
    {
        Port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public long Received => seen.Count;

    public long Duplicates => Interlocked.Read(ref duplicates);

    /// <summary>The silo's settings that send every channel here.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings() => Channels.SelectMany(channel => new Dictionary<string, string?>
    {
        [$"Cdr:Delivery:Channels:{channel}:Kind"] = "Webhook",
        [$"Cdr:Delivery:Channels:{channel}:Url"] = $"http://127.0.0.1:{Port}/offers",
        [$"Cdr:Delivery:Channels:{channel}:Secret"] = Secret,
        [$"Cdr:Delivery:Channels:{channel}:RatePerSecond"] = "100000",
        [$"Cdr:Delivery:Channels:{channel}:MaxInFlight"] = "64",
    });

    /// <summary>Arrival minus publication, in ms, of the offers received since the last take.</summary>
    public double[] TakeLatencies()
    {
        var taken = new List<double>();
        while (latencies.TryDequeue(out var ms))
        {
            taken.Add(ms);
        }
        return [.. taken];
    }

    private async Task AcceptAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var arrived = DateTime.UtcNow;
        if (OfferMessage.FromJson(body.GetBuffer().AsSpan(0, (int)body.Length)) is { } offer)
        {
            if (!seen.TryAdd(offer.Id, 0))
            {
                Interlocked.Increment(ref duplicates);
            }
            else if (offer.PublishedUtc is { } published)
            {
                latencies.Enqueue((arrived - published).TotalMilliseconds);
            }
        }
        context.Response.StatusCode = 200;
        context.Response.Close();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        accepting.Wait(TimeSpan.FromSeconds(5));
    }
}
