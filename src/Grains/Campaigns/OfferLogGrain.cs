using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Responses;
using Cdr.Orleans.Grains.Hosting;
using Cdr.Orleans.Grains.Stats;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Grains.Campaigns;

/// <summary>
/// The embedded offer sink: a ring of the latest <see cref="EngineOptions.OfferLogCapacity"/> decisions with
/// sequence numbers, an index by offer id (a replayed decision is kept once), and the responses (embedded mode's
/// response store). In memory: a silo restart loses it, as embedded mode loses its streams; durable mode keeps offers
/// and responses in Redis, and this log only shows them.
/// </summary>
public sealed class OfferLogGrain(IOptions<EngineOptions> options, TimeProvider time) : Grain, IOfferLogGrain
{
    private const int MaxLatencySamples = 100_000;
    private readonly LoggedOffer?[] ring = new LoggedOffer?[options.Value.OfferLogCapacity];
    private readonly Dictionary<string, long> index = new(StringComparer.Ordinal);
    private readonly List<double> latencyMs = [];
    private readonly Dictionary<(string Campaign, string Channel), DeliveryTally> deliveries = [];
    private readonly Dictionary<string, int> inProgress = new(StringComparer.Ordinal); // offer id -> its attempts retried so far
    private long next = 1;

    private long First => Math.Max(1, next - ring.Length);

    public Task<int> AppendAsync(IReadOnlyList<OfferDecision> decisions)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var added = 0;
        foreach (var decision in decisions)
        {
            if (index.ContainsKey(decision.Id))
            {
                continue;
            }
            var slot = (int)((next - 1) % ring.Length);
            if (ring[slot] is { } evicted)
            {
                index.Remove(evicted.Decision.Id);
            }
            ring[slot] = new LoggedOffer(next, decision, now);
            index[decision.Id] = next++;
            added++;
            if (decision.PublishedUtc is { } published && latencyMs.Count < MaxLatencySamples)
            {
                latencyMs.Add(Math.Max(0, (now - published).TotalMilliseconds));
            }
        }
        return Task.FromResult(added);
    }

    public Task<OfferPage> ReadAsync(long after, string? campaignId, int max)
    {
        max = Math.Clamp(max, 1, 10_000);
        var start = Math.Max(after + 1, First);
        var missed = Math.Max(0, First - (after + 1));
        var offers = new List<LoggedOffer>();
        var last = Math.Max(after, start - 1);
        for (var sequence = start; sequence < next && offers.Count < max; sequence++)
        {
            var entry = ring[(int)((sequence - 1) % ring.Length)]!;
            last = sequence;
            if (campaignId is null || entry.Decision.CampaignId == campaignId)
            {
                offers.Add(entry);
            }
        }
        return Task.FromResult(new OfferPage(offers, last, missed));
    }

    public Task<long> GetLastSequenceAsync() => Task.FromResult(next - 1);

    public Task RecordDeliveriesAsync(IReadOnlyList<OfferDelivery> updates)
    {
        foreach (var update in updates)
        {
            Count(update);
            if (index.TryGetValue(update.OfferId, out var sequence))
            {
                var slot = (int)((sequence - 1) % ring.Length);
                ring[slot] = ring[slot]! with { Delivery = update };
            }
        }
        return Task.CompletedTask;
    }

    private void Count(OfferDelivery update)
    {
        var key = (update.CampaignId ?? "", update.Channel);
        var tally = deliveries.TryGetValue(key, out var found) ? found : deliveries[key] = new DeliveryTally();
        var known = inProgress.Remove(update.OfferId, out var retriedBefore);
        var retried = update.Status == DeliveryStatus.Retrying ? update.Attempts : Math.Max(0, update.Attempts - 1);
        tally.Retries += Math.Max(0, retried - retriedBefore);
        tally.InProgress -= known ? 1 : 0;
        if (update.LastError is { } error)
        {
            (tally.LastError, tally.LastErrorUtc) = (error, update.UpdatedUtc);
        }
        switch (update.Status)
        {
            case DeliveryStatus.Queued or DeliveryStatus.Retrying:
                inProgress[update.OfferId] = retried;
                tally.InProgress++;
                break;
            case DeliveryStatus.Delivered:
                tally.Delivered++;
                break;
            case DeliveryStatus.Failed:
                tally.Failed++;
                break;
            default:
                tally.Expired++;
                break;
        }
    }

    public Task<IReadOnlyList<DeliveryCount>> GetDeliveryCountsAsync(string? campaignId) =>
        Task.FromResult<IReadOnlyList<DeliveryCount>>([.. deliveries
            .Where(d => campaignId is null || d.Key.Campaign == campaignId)
            .GroupBy(d => d.Key.Channel, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DeliveryCount(g.Key, g.Sum(d => d.Value.InProgress), g.Sum(d => d.Value.Delivered), g.Sum(d => d.Value.Failed),
                g.Sum(d => d.Value.Expired), g.Sum(d => d.Value.Retries), g.MaxBy(d => d.Value.LastErrorUtc).Value.LastError))]);

    private sealed class DeliveryTally
    {
        public long InProgress, Delivered, Failed, Expired, Retries;
        public string? LastError;
        public DateTime LastErrorUtc;
    }

    public Task<RecordedResponse> RecordResponseAsync(OfferAnswer answer, TimeSpan window)
    {
        if (!index.TryGetValue(answer.OfferId, out var sequence))
        {
            return Task.FromResult(new RecordedResponse(RespondResult.NotFound));
        }
        var slot = (int)((sequence - 1) % ring.Length);
        var entry = ring[slot]!;
        var offer = AnsweredOffer.Of(entry.Decision);
        if (entry.Response != OfferResponse.None)
        {
            return Task.FromResult(new RecordedResponse(RespondResult.AlreadyAnswered, offer, entry.Response));
        }
        if (answer.AtUtc - offer.DecidedUtc > window)
        {
            return Task.FromResult(new RecordedResponse(RespondResult.Expired, offer));
        }
        ring[slot] = entry with { Response = answer.Response };
        return Task.FromResult(new RecordedResponse(RespondResult.Recorded, offer));
    }

    public Task<OfferLatency> TakeLatencyAsync()
    {
        var samples = latencyMs.ToArray();
        latencyMs.Clear();
        if (samples.Length == 0)
        {
            return Task.FromResult(new OfferLatency(0, 0, 0, 0));
        }
        Array.Sort(samples);
        return Task.FromResult(new OfferLatency(
            samples.Length, Math.Round(EngineCounters.Percentile(samples, 0.50), 2), Math.Round(EngineCounters.Percentile(samples, 0.99), 2), Math.Round(samples[^1], 2)));
    }
}
