namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>Where a sent offer is on its way to the subscriber's channel (docs/delivery.md).</summary>
public enum DeliveryStatus : byte
{
    /// <summary>Waiting for its first attempt.</summary>
    Queued = 0,

    /// <summary>The channel took it: the webhook answered 2xx, the line is in the file, the entry is in the stream.</summary>
    Delivered = 1,

    /// <summary>An attempt failed in a way that may pass (a timeout, 5xx, 429); another is scheduled.</summary>
    Retrying = 2,

    /// <summary>The channel refused it for good (a 4xx other than 408 and 429, a bad channel); the last error says why.</summary>
    Failed = 3,

    /// <summary>Not delivered before its channel's give-up time; the last error says what the last attempt met.</summary>
    Expired = 4,
}

public static class DeliveryStatuses
{
    /// <summary>Whether the offer's delivery has ended (delivered, failed or expired): nothing more happens to it.</summary>
    public static bool Ended(this DeliveryStatus status) => status is DeliveryStatus.Delivered or DeliveryStatus.Failed or DeliveryStatus.Expired;
}
