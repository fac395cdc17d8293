using Cdr.Orleans.Infrastructure.Kafka;
using Confluent.Kafka;

namespace Cdr.Orleans.Tests.Kafka;

/// <summary>
/// librdkafka's mock brokers (<see cref="KafkaMockBrokers"/>) for a test class: three brokers on loopback ports that
/// other processes (silos, kcat) reach too, for as long as the class runs.
/// </summary>
public sealed class KafkaMockCluster : IDisposable
{
    private readonly KafkaMockBrokers brokers = new();

    /// <summary>The mock brokers, host:port,host:port,host:port.</summary>
    public string Brokers => brokers.Brokers;

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

    public void Dispose() => brokers.Dispose();
}
