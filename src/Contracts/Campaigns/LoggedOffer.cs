namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>A decision as the offer log holds it: its place in the log and the subscriber's response, if any.</summary>
[GenerateSerializer, Immutable, Alias("logged-offer.v1")]
public sealed record LoggedOffer(
    [property: Id(0)] long Sequence,
    [property: Id(1)] OfferDecision Decision,
    [property: Id(2)] DateTime LoggedUtc,
    [property: Id(3)] OfferResponse Response = OfferResponse.None);
