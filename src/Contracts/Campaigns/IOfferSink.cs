namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>Where offer decisions go: the embedded offer log, or (durable mode) a Redis stream.</summary>
public interface IOfferSink
{
    /// <summary>Stores the decisions; a decision id already stored is kept once. Done when they are stored.</summary>
    Task PublishAsync(IReadOnlyList<OfferDecision> decisions, CancellationToken cancellationToken);
}
