namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>
/// A configured channel's offers by where they stand: in progress (queued or retrying now), and how many ended
/// delivered, failed and expired since the offer log started; <see cref="Retries"/> counts failed attempts retried.
/// </summary>
[GenerateSerializer, Immutable, Alias("delivery-count.v1")]
public sealed record DeliveryCount(
    [property: Id(0)] string Channel,
    [property: Id(1)] long InProgress,
    [property: Id(2)] long Delivered,
    [property: Id(3)] long Failed,
    [property: Id(4)] long Expired,
    [property: Id(5)] long Retries,
    [property: Id(6)] string? LastError);
