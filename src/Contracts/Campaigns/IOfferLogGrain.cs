using Orleans.Concurrency;

namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>
/// The embedded offer sink: a bounded, in-memory log of offer decisions (one grain, key 0) that consoles tail and
/// that records responses. Oldest entries are evicted when it is full; a reader that falls behind is told how many it missed.
/// </summary>
public interface IOfferLogGrain : IGrainWithIntegerKey
{
    /// <summary>Appends decisions; an id already in the log is ignored. Returns how many were new.</summary>
    Task<int> AppendAsync(IReadOnlyList<OfferDecision> decisions);

    /// <summary>Up to <paramref name="max"/> entries after <paramref name="after"/>, optionally of one campaign.</summary>
    [AlwaysInterleave]
    Task<OfferPage> ReadAsync(long after, string? campaignId, int max);

    /// <summary>The sequence number of the latest entry; 0 when the log is empty.</summary>
    [AlwaysInterleave]
    Task<long> GetLastSequenceAsync();

    /// <summary>Records the latest delivery status of offers still in the log; statuses of offers evicted are dropped.</summary>
    Task RecordDeliveriesAsync(IReadOnlyList<OfferDelivery> deliveries);

    /// <summary>
    /// Offers in each delivery status by configured channel, of one campaign or (null) of all, counted as statuses arrive
    /// since the log started (not only those still in it).
    /// </summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<DeliveryCount>> GetDeliveryCountsAsync(string? campaignId);

    /// <summary>
    /// Records a response to a decision still in the log, within <paramref name="window"/> of its decision, once.
    /// Embedded mode's response store; in durable mode (Redis stores them) it only shows the response beside its offer.
    /// Nothing is counted here: <see cref="Responses.IResponseGrain"/> does that.
    /// </summary>
    Task<Responses.RecordedResponse> RecordResponseAsync(Responses.OfferAnswer answer, TimeSpan window);

    /// <summary>Publish-to-log latency of the decisions appended since the last call, in milliseconds (p50, p99, count).</summary>
    Task<OfferLatency> TakeLatencyAsync();
}
