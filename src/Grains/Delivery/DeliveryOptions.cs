using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Delivery;

namespace Cdr.Orleans.Grains.Delivery;

/// <summary>
/// Where sent offers go, per offer channel (<see cref="OfferSpec.Channels"/>). Section <c>Cdr:Delivery</c>, e.g.
/// <c>Cdr:Delivery:Channels:sms:Kind=Webhook</c>, <c>...:sms:Url=https://gateway.example.com/offers</c>,
/// <c>...:sms:SecretFile=/run/secrets/sms-webhook</c> (docs/delivery.md). In embedded mode with a data directory, an
/// offer channel not configured goes to a file, <c>DATA/offers/CHANNEL.jsonl</c>.
/// </summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Cdr:Delivery";

    public Dictionary<string, ChannelOptions> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when valid; otherwise the first setting that is wrong, its value and what is accepted.</summary>
    public string? Validate()
    {
        foreach (var (name, channel) in Channels)
        {
            if (!OfferSpec.Channels.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return $"{SectionName}:Channels:{name} is not an offer channel; accepted: {string.Join(", ", OfferSpec.Channels)}";
            }
            if (channel.Validate($"{SectionName}:Channels:{name}") is { } error)
            {
                return error;
            }
        }
        return null;
    }
}

public enum ChannelKind
{
    /// <summary>An HTTP POST per offer, signed (docs/delivery.md).</summary>
    Webhook,

    /// <summary>A JSON line per offer appended to <see cref="ChannelOptions.Path"/>.</summary>
    File,

    /// <summary>A message per offer on <see cref="ChannelOptions.Topic"/>, keyed by subscriber (docs/delivery.md).</summary>
    Kafka,
}

/// <summary>One offer channel's way out, and how hard to try.</summary>
public sealed class ChannelOptions
{
    public ChannelKind Kind { get; set; } = ChannelKind.File;

    /// <summary>Webhook: the absolute http or https address offers are POSTed to.</summary>
    public string? Url { get; set; }

    /// <summary>Webhook: the shared secret the signature is made with, at least 32 characters; or <see cref="SecretFile"/>.</summary>
    public string? Secret { get; set; }

    /// <summary>Webhook: a file holding the secret (its first line), so that it is not in the settings.</summary>
    public string? SecretFile { get; set; }

    /// <summary>Kafka: the brokers, host:port[,host:port...].</summary>
    public string? Brokers { get; set; }

    /// <summary>Kafka: the topic offers are written to.</summary>
    public string? Topic { get; set; }

    /// <summary>
    /// Kafka: librdkafka settings passed through as they are, for SASL and TLS, e.g. <c>...:Kafka:security.protocol=SASL_SSL</c>,
    /// <c>...:Kafka:sasl.mechanism=SCRAM-SHA-512</c>, <c>...:Kafka:ssl.ca.location=/etc/cdr/kafka-ca.pem</c>.
    /// </summary>
    public Dictionary<string, string> Kafka { get; set; } = new(StringComparer.Ordinal);

    /// <summary>File: where the lines go. Default DATA/offers/CHANNEL.jsonl.</summary>
    public string? Path { get; set; }

    /// <summary>How long one attempt may take before it counts as failed and is tried again. Default 5 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Sends a second at most, on average (a second's worth may go at once). Default 100.</summary>
    public double RatePerSecond { get; set; } = 100;

    /// <summary>Attempts under way at once. Default 16.</summary>
    public int MaxInFlight { get; set; } = 16;

    /// <summary>The wait after the first failure; it doubles with each further failure. Default 1 second.</summary>
    public TimeSpan RetryFirst { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts. Default 5 minutes.</summary>
    public TimeSpan RetryLongest { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>An offer not delivered this long after it was queued expires. Default 1 hour: an offer is worth less late.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(1);

    public RetrySchedule Retries => new(RetryFirst, RetryLongest, GiveUpAfter);

    public string? Validate(string at)
    {
        if (Kind == ChannelKind.Webhook)
        {
            if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                return $"{at}:Url is '{Url}'; a webhook needs an absolute http or https address, e.g. https://gateway.example.com/offers";
            }
            if (Secret is not null && SecretFile is not null)
            {
                return $"{at} has both Secret and SecretFile; give one";
            }
            if (SecretFile is null && (Secret?.Length ?? 0) < WebhookSignature.MinSecretLength)
            {
                return $"{at}:Secret is {Secret?.Length ?? 0} characters; a webhook's secret must be at least {WebhookSignature.MinSecretLength} " +
                    "(e.g. openssl rand -hex 32), or give SecretFile";
            }
        }
        if (Kind == ChannelKind.Kafka)
        {
            if (Infrastructure.Kafka.KafkaSettings.ValidateBrokers(Brokers, $"{at}:Brokers") is { } brokers)
            {
                return brokers;
            }
            if ((Infrastructure.Kafka.KafkaSettings.ValidateTopic(Topic, $"{at}:Topic") ?? Infrastructure.Kafka.KafkaSettings.ValidatePassThrough(Kafka, $"{at}:Kafka", $"{at}:Brokers")) is { } wrong)
            {
                return wrong;
            }
        }
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(5))
        {
            return $"{at}:Timeout is {Timeout}; accepted: more than 0, at most 00:05:00";
        }
        if (!(RatePerSecond > 0) || RatePerSecond > 100_000)
        {
            return $"{at}:RatePerSecond is {RatePerSecond}; accepted: more than 0, at most 100000";
        }
        if (MaxInFlight is < 1 or > 1_024)
        {
            return $"{at}:MaxInFlight is {MaxInFlight}; accepted: 1 to 1024";
        }
        if (RetryFirst <= TimeSpan.Zero || RetryLongest < RetryFirst)
        {
            return $"{at}:RetryFirst is {RetryFirst} and RetryLongest {RetryLongest}; accepted: RetryFirst more than 0, RetryLongest at least RetryFirst";
        }
        return GiveUpAfter <= TimeSpan.Zero || GiveUpAfter > TimeSpan.FromDays(7)
            ? $"{at}:GiveUpAfter is {GiveUpAfter}; accepted: more than 0, at most 7.00:00:00"
            : null;
    }
}
