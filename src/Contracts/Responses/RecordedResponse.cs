using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Contracts.Responses;

/// <summary>
/// What the store did with a response: <see cref="Result"/>, the offer it answers when the offer is known, and, when
/// it already had one, that first response.
/// </summary>
[GenerateSerializer, Immutable, Alias("recorded-response.v1")]
public sealed record RecordedResponse(
    [property: Id(0)] RespondResult Result,
    [property: Id(1)] AnsweredOffer? Offer = null,
    [property: Id(2)] OfferResponse Earlier = OfferResponse.None);
