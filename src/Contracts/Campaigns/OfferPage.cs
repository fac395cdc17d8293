namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>A page of the offer log after a sequence number. <see cref="Missed"/> counts entries that were evicted before they could be read.</summary>
[GenerateSerializer, Immutable, Alias("offer-page.v1")]
public sealed record OfferPage(
    [property: Id(0)] IReadOnlyList<LoggedOffer> Offers,
    [property: Id(1)] long Next,
    [property: Id(2)] long Missed);
