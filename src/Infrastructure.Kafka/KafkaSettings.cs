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
