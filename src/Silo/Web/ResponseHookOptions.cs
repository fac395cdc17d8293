using Cdr.Orleans.Domain.Delivery;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// The inbound response webhook, <c>POST /hooks/responses</c>: off until a secret is set. Section <c>Cdr:Responses</c>,
/// e.g. <c>Cdr:Responses:SecretFile=/run/secrets/responses</c> (docs/responses.md).
/// </summary>
public sealed class ResponseHookOptions
{
    public const string SectionName = "Cdr:Responses";

    /// <summary>The secret senders sign with (HMAC-SHA256, as the engine's own webhooks), at least 32 characters; or <see cref="SecretFile"/>.</summary>
    public string? Secret { get; set; }

    /// <summary>A file holding the secret (its first line), so that it is not in the settings.</summary>
    public string? SecretFile { get; set; }

    /// <summary>Responses a second this silo takes on average through the webhook (a second's worth at once); past that 429. Default 1,000.</summary>
    public double RatePerSecond { get; set; } = 1_000;

    /// <summary>How far a request's timestamp may be from this silo's clock: an older request (a replay) is refused. Default 5 minutes.</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    private readonly Lazy<string?> fileSecret;

    public ResponseHookOptions() => fileSecret = new Lazy<string?>(() => Infrastructure.Hosting.SecretFile.Read(SecretFile, $"{SectionName}:SecretFile"));

    /// <summary>The secret in force; null when the webhook is off.</summary>
    public string? Key => string.IsNullOrEmpty(Secret) ? fileSecret.Value : Secret;

    public string? Validate()
    {
        string? key;
        try
        {
            key = Key;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
        if (!string.IsNullOrEmpty(Secret) && SecretFile is not null)
        {
            return $"{SectionName} has both Secret and SecretFile; give one";
        }
        if (key is not null && key.Length < WebhookSignature.MinSecretLength)
        {
            return $"{SectionName}: the secret is {key.Length} characters; the response webhook's secret must be at least " +
                $"{WebhookSignature.MinSecretLength} (e.g. openssl rand -hex 32)";
        }
        if (!(RatePerSecond > 0) || RatePerSecond > 1_000_000)
        {
            return $"{SectionName}:RatePerSecond is {RatePerSecond}; accepted: more than 0, at most 1000000";
        }
        return Tolerance < TimeSpan.FromSeconds(10) || Tolerance > TimeSpan.FromHours(1)
            ? $"{SectionName}:Tolerance is {Tolerance}; accepted: 00:00:10 to 01:00:00"
            : null;
    }
}
