using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Responses;

namespace Cdr.Orleans.Grains.Responses;

/// <summary>Embedded mode's response store: the offer log, in memory like the rest of embedded mode.</summary>
public sealed class OfferLogResponseStore(IGrainFactory grains) : IOfferResponseStore
{
    public Task<RecordedResponse> RecordAsync(OfferAnswer answer, TimeSpan window, CancellationToken cancellationToken) =>
        grains.GetGrain<IOfferLogGrain>(0).RecordResponseAsync(answer, window).WaitAsync(cancellationToken);
}

/// <summary>
/// Durable mode's: the first store (Redis) decides; a response it records is then shown by the others (the offer log
/// the console reads), whose own answer does not matter (after a restart the log no longer has older offers).
/// </summary>
public sealed class CompositeResponseStore(IOfferResponseStore first, params IOfferResponseStore[] shown) : IOfferResponseStore
{
    public async Task<RecordedResponse> RecordAsync(OfferAnswer answer, TimeSpan window, CancellationToken cancellationToken)
    {
        var recorded = await first.RecordAsync(answer, window, cancellationToken);
        if (recorded.Result == RespondResult.Recorded)
        {
            foreach (var store in shown)
            {
                await store.RecordAsync(answer, window, cancellationToken);
            }
        }
        return recorded;
    }
}
