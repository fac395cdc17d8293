using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace Cdr.Orleans.Infrastructure.Kafka.Streams;

/// <summary>What the brokers say of the CDR topic at start: how many partitions it has, or why it cannot be read.</summary>
public static class KafkaTopic
{
    /// <summary>The topic's partition count; <see cref="KafkaFeedException"/> saying what is wrong when the brokers cannot be reached in time or have no such topic.</summary>
    public static int Partitions(KafkaFeedOptions options)
    {
        var config = options.Client(new AdminClientConfig());
        // Asking about a topic must not make it: brokers that create topics on use would answer with a new, empty one.
        config.Set("allow.auto.create.topics", "false");
        using var admin = new AdminClientBuilder(config)
            .SetLogHandler((_, _) => { }) // a broker that cannot be reached is said once, below
            .Build();
        Metadata metadata;
        try
        {
            metadata = admin.GetMetadata(options.Topic, options.Timeout);
        }
        catch (KafkaException error)
        {
            throw new KafkaFeedException($"Kafka at {options.Brokers} did not describe topic '{options.Topic}' within {options.Timeout.TotalSeconds:0} s " +
                $"({Explain(error.Error)}); is it reachable? ({KafkaFeedOptions.SectionName}:Brokers, --kafka)", error);
        }
        var topic = metadata.Topics.FirstOrDefault(t => t.Topic == options.Topic);
        if (topic is null || topic.Error.Code is ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic || topic.Partitions.Count == 0)
        {
            throw new KafkaFeedException($"the topic '{options.Topic}' does not exist on the Kafka at {options.Brokers}; create it (its partitions are the " +
                $"engine's partitions, e.g. kafka-topics.sh --create --topic {options.Topic} --partitions 32), or give the topic the CDRs are on with --kafka-topic");
        }
        if (topic.Error.Code != ErrorCode.NoError)
        {
            throw new KafkaFeedException($"Kafka at {options.Brokers} cannot give topic '{options.Topic}': {Explain(topic.Error)}");
        }
        return topic.Partitions.Count;
    }

    /// <summary>
    /// Waits until the brokers describe the topic, telling <paramref name="log"/> why and when it tries again (like a silo
    /// started before its Redis); a topic the brokers do not have throws <see cref="KafkaFeedException"/> at once.
    /// </summary>
    public static async Task WaitAsync(KafkaFeedOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await Task.Run(() => Partitions(options), cancellationToken);
                return;
            }
            catch (KafkaFeedException error) when (error.InnerException is KafkaException)
            {
                log($"{error.Message}; trying again in {delay.TotalSeconds:0} s");
            }
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromSeconds(Math.Min(15, delay.TotalSeconds * 2));
        }
    }

    /// <summary>librdkafka's error as a few words.</summary>
    public static string Explain(Error error) => error.Code switch
    {
        ErrorCode.Local_Transport or ErrorCode.Local_AllBrokersDown => "no broker answers there",
        ErrorCode.Local_TimedOut => "no answer in time",
        ErrorCode.TopicAuthorizationFailed or ErrorCode.GroupAuthorizationFailed or ErrorCode.SaslAuthenticationFailed => $"refused: {error.Reason}",
        _ => $"{error.Reason} ({error.Code})",
    };
}

/// <summary>The CDR feed cannot start or go on: the message says what is wrong and what would fix it.</summary>
public sealed class KafkaFeedException(string message, Exception? inner = null) : Exception(message, inner);
