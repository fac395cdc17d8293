using System.Text;
using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Delivery;

namespace Cdr.Orleans.Infrastructure.Kafka.Delivery;

/// <summary>
/// Offers out to a Kafka topic: one message per offer, keyed by the subscriber (all of a subscriber's offers on one
/// partition, in order), its <see cref="OfferMessage"/> as JSON, and the offer id in the <c>Idempotency-Key</c> header.
/// The producer is idempotent and waits for every in-sync replica, so an acknowledged offer is on the brokers once;
/// a message the brokers did not acknowledge within the channel's timeout, or a broker that cannot be reached, is tried
/// again (the receiver drops a repeated key); a refusal that cannot pass (a message too large, no right to write to the
/// topic) fails the offer with Kafka's reason.
/// </summary>
public sealed class KafkaOfferChannel : IOfferChannel, IDisposable
{
    public const string IdempotencyHeader = WebhookSignature.IdempotencyHeader;

    private readonly IProducer<string, byte[]> producer;
    private readonly string topic;
    private readonly string brokers;

    public KafkaOfferChannel(string brokers, string topic, TimeSpan timeout, IReadOnlyDictionary<string, string>? passThrough)
    {
        (this.brokers, this.topic) = (brokers, topic);
        var config = KafkaSettings.With(new ProducerConfig
        {
            EnableIdempotence = true,
            Acks = Acks.All,
            MessageTimeoutMs = (int)timeout.TotalMilliseconds,
            LingerMs = 5,
        }, brokers, passThrough);
        producer = new ProducerBuilder<string, byte[]>(config)
            .SetLogHandler((_, _) => { }) // the brokers' state comes back as each offer's status, not as log lines
            .Build();
    }

    public string Describe => $"kafka {topic} on {brokers}";

    public async Task<SendResult> SendAsync(OfferDecision offer, CancellationToken cancellationToken)
    {
        var message = new Message<string, byte[]>
        {
            Key = offer.Msisdn,
            Value = OfferMessage.Of(offer).ToJson(),
            Headers = new Headers { { IdempotencyHeader, Encoding.UTF8.GetBytes(offer.Id) } },
        };
        try
        {
            await producer.ProduceAsync(topic, message, cancellationToken);
            return SendResult.Delivered;
        }
        catch (ProduceException<string, byte[]> error)
        {
            return Permanent(error.Error.Code)
                ? SendResult.Refused($"Kafka refused it: {error.Error.Reason} ({error.Error.Code})")
                : SendResult.Retry($"Kafka: {Explain(error.Error)}");
        }
        catch (KafkaException error)
        {
            return SendResult.Retry($"Kafka: {Explain(error.Error)}");
        }
    }

    /// <summary>What no retry changes: the message itself, or the rights of this client.</summary>
    private static bool Permanent(ErrorCode code) => code is ErrorCode.MsgSizeTooLarge or ErrorCode.InvalidMsg
        or ErrorCode.TopicAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed or ErrorCode.TopicException or ErrorCode.Local_InvalidArg;

    private string Explain(Error error) => error.Code switch
    {
        ErrorCode.Local_MsgTimedOut => $"not acknowledged in time by the brokers at {brokers} (are they reachable?)",
        ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic => $"the topic '{topic}' does not exist on {brokers}; create it, or let the brokers create topics",
        _ => $"{error.Reason} ({error.Code})",
    };

    public void Dispose()
    {
        producer.Flush(TimeSpan.FromSeconds(5));
        producer.Dispose();
    }
}
