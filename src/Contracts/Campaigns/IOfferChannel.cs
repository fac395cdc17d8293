namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>
/// One way out to subscribers (a webhook, a file, the offer stream), configured under <c>Cdr:Delivery:Channels</c>.
/// An attempt never throws for what the far side did: it says what happened, and the dispatcher retries or gives up.
/// </summary>
public interface IOfferChannel
{
    /// <summary>What the channel is, for statuses and logs: e.g. "webhook https://sms.example.com/offers".</summary>
    string Describe { get; }

    Task<SendResult> SendAsync(OfferDecision offer, CancellationToken cancellationToken);
}

/// <summary>What one attempt met.</summary>
public enum SendOutcome : byte
{
    Delivered = 0,

    /// <summary>It may pass: try again later.</summary>
    Retry = 1,

    /// <summary>It will not pass: the offer has failed.</summary>
    Refused = 2,
}

/// <summary>An attempt's outcome, and the error when it was not delivered (status code, timeout, connection).</summary>
public readonly record struct SendResult(SendOutcome Outcome, string? Error = null)
{
    public static SendResult Delivered => new(SendOutcome.Delivered);

    public static SendResult Retry(string error) => new(SendOutcome.Retry, error);

    public static SendResult Refused(string error) => new(SendOutcome.Refused, error);
}
