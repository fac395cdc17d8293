using Cdr.Orleans.Infrastructure.Hosting;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace Cdr.Orleans.Infrastructure.Kafka.Streams;

/// <summary>
/// CDRs fed from a Kafka topic (section <c>Cdr:Kafka</c>, switches <c>--kafka</c> and <c>--kafka-topic</c>): each
/// partition of the topic is a partition of the engine, read by one silo at a time, its offsets committed for
/// <see cref="Group"/> once what they carried is applied and stored (docs/kafka.md).
/// </summary>
public sealed class KafkaFeedOptions
{
    public const string SectionName = "Cdr:Kafka";

    /// <summary>The brokers, host:port[,host:port...]. Empty: CDRs come over the engine's own stream (memory or Redis).</summary>
    public string? Brokers { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Brokers);

    /// <summary>The topic the CDRs are on, one record or more per message (<see cref="Domain.Files.CdrMessages"/>). Default "cdr".</summary>
    public string Topic { get; set; } = "cdr";

    /// <summary>The consumer group whose committed offsets say where the engine is in each partition. Default "cdr-engine".</summary>
    public string Group { get; set; } = "cdr-engine";

    /// <summary>Messages one read of a partition takes at most (one batch for its subscribers). Default 1000.</summary>
    public int ReadCount { get; set; } = 1000;

    /// <summary>How long a silo waits at start for the brokers to describe the topic, and a replay for its messages. Default 30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// librdkafka settings passed through as they are, for SASL and TLS: <c>Cdr:Kafka:Settings:security.protocol=SASL_SSL</c>,
    /// <c>...:sasl.mechanism=SCRAM-SHA-512</c>, <c>...:sasl.username=engine</c>, <c>...:ssl.ca.location=/etc/cdr/kafka-ca.pem</c>.
    /// </summary>
    public Dictionary<string, string> Settings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A file whose first line is the SASL password (<c>sasl.password</c>), kept off the command line.</summary>
    public string? SaslPasswordFile { get; set; }

    /// <summary>The <c>Cdr:Kafka</c> section (defaults where absent); a bad value throws, saying what is accepted.</summary>
    public static KafkaFeedOptions From(IConfiguration configuration) =>
        configuration.ReadSettings<KafkaFeedOptions>(SectionName, o => o.Validate());

    /// <summary>A client configuration of <typeparamref name="T"/> for these brokers, with the passed-through settings and the password file.</summary>
    public T Client<T>(T config) where T : ClientConfig
    {
        KafkaSettings.With(config, Brokers!, Settings);
        if (SecretFile.Read(SaslPasswordFile, $"{SectionName}:SaslPasswordFile") is { } password)
        {
            config.SaslPassword = password;
        }
        return config;
    }

    public string? Validate()
    {
        if (!Enabled)
        {
            return null;
        }
        if (KafkaSettings.ValidateBrokers(Brokers, $"{SectionName}:Brokers") is { } brokers)
        {
            return brokers;
        }
        if ((KafkaSettings.ValidateTopic(Topic, $"{SectionName}:Topic") ?? KafkaSettings.ValidatePassThrough(Settings, $"{SectionName}:Settings", $"{SectionName}:Brokers")) is { } wrong)
        {
            return wrong;
        }
        if (string.IsNullOrWhiteSpace(Group) || Group.Length > 255)
        {
            return $"{SectionName}:Group is '{Group}'; accepted: 1 to 255 characters";
        }
        if (Settings.Keys.FirstOrDefault(k => k is "group.id" or "enable.auto.commit" or "enable.auto.offset.store") is { } ours)
        {
            return $"{SectionName}:Settings:{ours} is given; the engine sets it (the group is {SectionName}:Group; offsets are committed at checkpoints)";
        }
        if (ReadCount is < 1 or > 100_000)
        {
            return $"{SectionName}:ReadCount is {ReadCount}; accepted: 1 to 100000 messages";
        }
        if (Timeout < TimeSpan.FromSeconds(1) || Timeout > TimeSpan.FromMinutes(10))
        {
            return $"{SectionName}:Timeout is {Timeout}; accepted: 00:00:01 to 00:10:00";
        }
        return null;
    }
}
