using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Contracts.Responses;

/// <summary>
/// A response as it arrives: which offer, the answer, when the subscriber gave it, and where it came from
/// (<c>api</c>, <c>hook</c>, <c>client</c>, <c>generator</c>...), kept with it.
/// </summary>
[GenerateSerializer, Immutable, Alias("offer-answer.v1")]
public sealed record OfferAnswer(
    [property: Id(0)] string OfferId,
    [property: Id(1)] OfferResponse Response,
    [property: Id(2)] DateTime AtUtc,
    [property: Id(3)] string Source);
