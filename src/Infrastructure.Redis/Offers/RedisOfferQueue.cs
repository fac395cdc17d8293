using System.Globalization;
using System.Text.Json;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Infrastructure.Redis.Streams;
using StackExchange.Redis;

namespace Cdr.Orleans.Infrastructure.Redis.Offers;

/// <summary>
/// Durable mode's delivery queue: the offer stream itself, read by every silo in the consumer group
/// <see cref="Group"/>. An entry stays pending for the silo that read it until its offer ends (delivered, failed,
/// expired) or is not one to send; a silo that dies leaves its entries pending, and another takes them over once they
/// have been idle for a while (<see cref="TakeOverAsync"/>), which is why a silo keeps its own entries fresh while they
/// wait (<see cref="KeepAsync"/>). Each offer's status is kept beside the stream ("{cdr:offers}:delivery:ID", as long
/// as the guard), so that a silo taking an offer over knows its attempts, and one that ended is acknowledged, not sent
/// again. All keys are in the offer stream's slot.
/// </summary>
public sealed class RedisOfferQueue(IConnectionMultiplexer redis, RedisStreamOptions options, string consumer)
{
    public const string Group = "cdr-delivery";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private IDatabase Database => redis.GetDatabase();

    private RedisKey Stream => options.OfferStreamKey;

    /// <summary>Makes the group if it is not there, at the stream's end: offers stored before delivery existed are not sent.</summary>
    public async Task CreateGroupAsync()
    {
        try
        {
            await Database.StreamCreateConsumerGroupAsync(Stream, Group, StreamPosition.NewMessages, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another silo, or an earlier life of this one, made it.
        }
    }

    /// <summary>Offers added since the group last handed any out, up to <paramref name="count"/>, now pending for this silo.</summary>
    public async Task<IReadOnlyList<QueuedOffer>> ReadNewAsync(int count) =>
        await OffersAsync(await Database.StreamReadGroupAsync(Stream, Group, consumer, StreamPosition.NewMessages, count), withStatus: false);

    /// <summary>Entries other silos left idle for <paramref name="idle"/> (they died, or lost Redis), now this silo's.</summary>
    public async Task<IReadOnlyList<QueuedOffer>> TakeOverAsync(TimeSpan idle, int count)
    {
        var claimed = await Database.StreamAutoClaimAsync(Stream, Group, consumer, (long)idle.TotalMilliseconds, "0-0", count);
        return await OffersAsync(claimed.ClaimedEntries, withStatus: true);
    }

    /// <summary>Resets the idle time of this silo's entries still under way, so that no other silo takes them over.</summary>
    public async Task KeepAsync(IReadOnlyList<RedisValue> entries)
    {
        foreach (var chunk in entries.Chunk(500))
        {
            await Database.StreamClaimIdsOnlyAsync(Stream, Group, consumer, 0, chunk);
        }
    }

    /// <summary>Records a status (its attempts survive a takeover); a final one also acknowledges the entry, after the status is stored.</summary>
    public async Task RecordAsync(RedisValue entry, OfferDelivery delivery)
    {
        var database = Database;
        await database.StringSetAsync(StatusKeyOf(delivery.OfferId), JsonSerializer.Serialize(delivery, Json), options.OfferGuard);
        if (delivery.Status.Ended())
        {
            await database.StreamAcknowledgeAsync(Stream, Group, entry);
        }
    }

    /// <summary>Acknowledges an entry that is not one to send (held out, or a channel this engine does not deliver to).</summary>
    public Task SkipAsync(RedisValue entry) => Database.StreamAcknowledgeAsync(Stream, Group, entry);

    public string StatusKeyOf(string offerId) => options.OfferStreamKey + ":delivery:" + offerId;

    /// <summary>
    /// The offers in <paramref name="entries"/>; entries that are not decisions (trimmed, or written by something else)
    /// are acknowledged and left out. <paramref name="withStatus"/>: entries another silo had, whose stored statuses
    /// (one MGET, all in the stream's slot) say how far they got; a new entry has none.
    /// </summary>
    private async Task<IReadOnlyList<QueuedOffer>> OffersAsync(StreamEntry[] entries, bool withStatus)
    {
        var decided = new List<(RedisValue Entry, OfferDecision Decision)>(entries.Length);
        foreach (var entry in entries)
        {
            if (!entry.IsNull && entry["decision"] is { IsNull: false } json && Parse<OfferDecision>(json) is { } decision)
            {
                decided.Add((entry.Id, decision));
            }
            else
            {
                await SkipAsync(entry.Id);
            }
        }
        var statuses = withStatus && decided.Count > 0
            ? await Database.StringGetAsync([.. decided.Select(d => (RedisKey)StatusKeyOf(d.Decision.Id))])
            : null;
        return [.. decided.Select((d, i) => new QueuedOffer(d.Entry, d.Decision, QueuedUtcOf(d.Entry),
            statuses is not null && !statuses[i].IsNull ? Parse<OfferDelivery>(statuses[i]) : null))];
    }

    /// <summary>The JSON's value, or null when it is not one (written by something else).</summary>
    private static T? Parse<T>(RedisValue json) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>((string)json!, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>When the entry was added: a stream id starts with its Unix milliseconds.</summary>
    private static DateTime QueuedUtcOf(RedisValue entry) =>
        long.TryParse(((string?)entry ?? "").Split('-')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime
            : DateTime.UtcNow;
}

/// <summary>An offer read from the queue: its entry, the decision, when it was queued, and its status when one was recorded.</summary>
public sealed record QueuedOffer(RedisValue Entry, OfferDecision Decision, DateTime QueuedUtc, OfferDelivery? Status);
