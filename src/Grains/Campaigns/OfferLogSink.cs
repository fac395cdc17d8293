using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Grains.Campaigns;

/// <summary>The embedded sink: the cluster's <see cref="IOfferLogGrain"/>.</summary>
public sealed class OfferLogSink(IGrainFactory grains) : IOfferSink
{
    public Task PublishAsync(IReadOnlyList<OfferDecision> decisions, CancellationToken cancellationToken) =>
        grains.GetGrain<IOfferLogGrain>(0).AppendAsync(decisions).WaitAsync(cancellationToken);
}
