using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace Cdr.Orleans.Tests.Kafka;

/// <summary>
/// librdkafka's built-in mock cluster: three brokers on loopback ports, speaking Kafka's wire protocol, for as long as
/// this fixture lives. The cluster belongs to the client that made it; its addresses come from that client's own log
/// line ("Mock cluster ... bootstrap.servers=..."), and any other client, in this process or another, reaches it there.
/// A topic is made with four partitions when first written or read (the mock has no controller for CreateTopics).
/// </summary>
public sealed partial class KafkaMockCluster : IDisposable
{
    private readonly IProducer<Null, Null> owner;
    private readonly TaskCompletionSource<string> bootstrap = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public KafkaMockCluster()
    {
        var config = new ProducerConfig { BootstrapServers = "", Debug = "mock" };
        config.Set("test.mock.num.brokers", "3");
        owner = new ProducerBuilder<Null, Null>(config)
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

    /// <summary>The mock brokers, host:port,host:port,host:port.</summary>
    public string Brokers { get; }

    /// <summary>Every message of <paramref name="topic"/> until <paramref name="count"/> have come, from the start.</summary>
    public List<ConsumeResult<string, byte[]>> ReadAll(string topic, int count, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = Brokers, GroupId = $"test-{Guid.NewGuid():N}", AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var read = new List<ConsumeResult<string, byte[]>>();
        var deadline = DateTime.UtcNow + timeout;
        while (read.Count < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } result)
            {
                read.Add(result);
            }
        }
        consumer.Close();
        return read;
    }

    public void Dispose() => owner.Dispose();

    [GeneratedRegex(@"Mock cluster \S+ bootstrap\.servers=(\S+)")]
    private static partial Regex Bootstraps();
}
