namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>
/// The delivery of one sent offer as it stands: through which configured channel, its status, how many attempts it
/// took so far, what the last failed one met, when this was so, and the campaign that sent it.
/// </summary>
[GenerateSerializer, Immutable, Alias("offer-delivery.v1")]
public sealed record OfferDelivery(
    [property: Id(0)] string OfferId,
    [property: Id(1)] string Channel,
    [property: Id(2)] DeliveryStatus Status,
    [property: Id(3)] int Attempts,
    [property: Id(4)] string? LastError,
    [property: Id(5)] DateTime UpdatedUtc,
    [property: Id(6)] string? CampaignId = null);
