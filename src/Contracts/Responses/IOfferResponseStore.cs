namespace Cdr.Orleans.Contracts.Responses;

/// <summary>
/// Where responses are kept: the embedded offer log (in memory), or in durable mode Redis beside the offer stream.
/// One response per offer, taken only within the response window after its decision; recording is atomic, so two
/// silos given the same offer's responses at once record one.
/// </summary>
public interface IOfferResponseStore
{
    Task<RecordedResponse> RecordAsync(OfferAnswer answer, TimeSpan window, CancellationToken cancellationToken);
}
