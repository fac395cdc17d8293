using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Grains.Campaigns;

/// <summary>Stores decisions in each sink in turn: the durable one first, then the console's log.</summary>
public sealed class CompositeOfferSink(params IOfferSink[] sinks) : IOfferSink
{
    public async Task PublishAsync(IReadOnlyList<OfferDecision> decisions, CancellationToken cancellationToken)
    {
        foreach (var sink in sinks)
        {
            await sink.PublishAsync(decisions, cancellationToken);
        }
    }
}
