namespace Cdr.Orleans.Contracts.Responses;

/// <summary>
/// Every response comes in here, whatever brought it (the console API, the inbound webhook, <c>offer respond</c>, the
/// generator): recorded once in the response store, then counted in its campaign's results (acceptance and uplift)
/// and given to its campaign's training examples as the label. The single way in, so the counts and the labels
/// agree with what was stored. Key 0; a stateless worker, so every silo takes its share.
/// </summary>
public interface IResponseGrain : IGrainWithIntegerKey
{
    /// <summary>Records each answer in turn; one result per answer, in order. A STOP recorded also opts its subscriber out.</summary>
    Task<IReadOnlyList<RecordedResponse>> RespondAsync(IReadOnlyList<OfferAnswer> answers);

    /// <summary>A STOP not tied to an offer (an SMS reply): opts the subscriber out. False when the number is not a known subscriber.</summary>
    Task<bool> OptOutAsync(string msisdn, DateTime atUtc);
}
