using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace Cdr.Orleans.Infrastructure.Kafka;

/// <summary>
/// librdkafka's built-in mock cluster, for the bench and the tests: brokers on loopback ports that speak Kafka's wire
/// protocol for as long as this object lives. The cluster belongs to the client that made it; its addresses come from
/// that client's own log line ("Mock cluster ... bootstrap.servers=..."), and any other client, in this process or
/// another (kcat, a silo), reaches it there. A topic is made with four partitions when first written to (the mock has
/// no controller for CreateTopics).
/// </summary>
public sealed partial class KafkaMockBrokers : IDisposable
{
    private readonly IProducer<Null, string> owner;
    private readonly TaskCompletionSource<string> bootstrap = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public KafkaMockBrokers(int brokers = 3)
    {
        var config = new ProducerConfig { BootstrapServers = "", Debug = "mock" };
        config.Set("test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        owner = new ProducerBuilder<Null, string>(config)
            .SetLogHandler((_, message) =>
            {
                if (Bootstraps().Match(message.Message) is { Success: true } found)
                {
                    bootstrap.TrySetResult(found.Groups[1].Value);
                }
            })
            .Build();
        Brokers = bootstrap.Task.WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
    }

    /// <summary>The mock brokers, host:port,host:port,...</summary>
    public string Brokers { get; }

    /// <summary>Makes <paramref name="topic"/> (four partitions) by writing <paramref name="first"/> to its partition 0.</summary>
    public async Task CreateTopicAsync(string topic, string first)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = Brokers }).Build();
        await producer.ProduceAsync(new TopicPartition(topic, new Partition(0)), new Message<Null, string> { Value = first });
    }

    public void Dispose() => owner.Dispose();

    [GeneratedRegex(@"Mock cluster \S+ bootstrap\.servers=(\S+)")]
    private static partial Regex Bootstraps();
}
