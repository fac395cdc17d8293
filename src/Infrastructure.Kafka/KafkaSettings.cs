using Confluent.Kafka;

namespace Cdr.Orleans.Infrastructure.Kafka;

/// <summary>
/// How this project's clients reach Kafka: the brokers, and any of librdkafka's own settings passed through as they are
/// (<c>security.protocol</c>, <c>sasl.mechanism</c>, <c>sasl.username</c>, <c>ssl.ca.location</c>, ...), so that an
/// operator's SASL or TLS set-up works without a setting of ours for each.
/// </summary>
public static class KafkaSettings
{
    /// <summary>Null when <paramref name="brokers"/> is a list of host:port; otherwise what is wrong, for the setting <paramref name="at"/>.</summary>
    public static string? ValidateBrokers(string? brokers, string at)
    {
        if (string.IsNullOrWhiteSpace(brokers))
        {
            return $"{at} is empty; give the Kafka brokers as host:port[,host:port...], e.g. kafka1:9092,kafka2:9092";
        }
        foreach (var broker in brokers.Split(',', StringSplitOptions.TrimEntries))
        {
            var colon = broker.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(broker.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
            {
                return $"{at} holds '{broker}'; each broker is host:port, e.g. kafka1:9092";
            }
        }
        return null;
    }

    /// <summary>Null when <paramref name="topic"/> is a Kafka topic name; otherwise what is wrong, for the setting <paramref name="at"/>.</summary>
    public static string? ValidateTopic(string? topic, string at) =>
        string.IsNullOrWhiteSpace(topic) || topic.Length > 249 || !topic.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? $"{at} is '{topic}'; a Kafka topic is 1 to 249 letters, digits, '.', '_' or '-'"
            : null;

    /// <summary>Null unless <paramref name="passThrough"/> sets the brokers, which have a setting of their own (<paramref name="brokersAt"/>).</summary>
    public static string? ValidatePassThrough(IReadOnlyDictionary<string, string> passThrough, string at, string brokersAt) =>
        passThrough.Keys.FirstOrDefault(k => k is "bootstrap.servers" or "metadata.broker.list") is { } twice
            ? $"{at}:{twice} is given; the brokers are {brokersAt}"
            : null;

    /// <summary>A client configuration: the brokers, then the passed-through settings (which may not set the brokers again).</summary>
    public static T With<T>(T config, string brokers, IReadOnlyDictionary<string, string>? passThrough) where T : ClientConfig
    {
        config.BootstrapServers = brokers;
        foreach (var (key, value) in passThrough ?? new Dictionary<string, string>())
        {
            config.Set(key, value);
        }
        return config;
    }
}
