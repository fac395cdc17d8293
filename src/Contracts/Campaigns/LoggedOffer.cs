namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>
/// A decision as the offer log holds it: its place in the log, the subscriber's response if any, and its delivery as
/// last reported (null when it was held out or its channel is not configured).
/// </summary>
[GenerateSerializer, Immutable, Alias("logged-offer.v1")]
public sealed record LoggedOffer(
    [property: Id(0)] long Sequence,
    [property: Id(1)] OfferDecision Decision,
    [property: Id(2)] DateTime LoggedUtc,
    [property: Id(3)] OfferResponse Response = OfferResponse.None,
    [property: Id(4)] OfferDelivery? Delivery = null);
