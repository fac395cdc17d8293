using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Infrastructure.Redis.Streams;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// Durable mode's CDR stream as the overview shows it (as <c>stats</c> does): per partition what is read but not yet
/// applied and what is not yet read, and the dead letters; for a Kafka feed, what each partition holds beyond the
/// group's committed offset. Nothing in embedded mode, whose stream is in memory.
/// </summary>
public sealed class StreamBacklogReader(IServiceProvider services, IConfiguration configuration, IOptions<CdrStreamOptions> streams)
{
    private readonly RedisStreamOptions options = RedisStreamOptions.From(configuration);

    public async Task<ConsoleApi.StreamBacklogView?> ReadAsync()
    {
        if (services.GetService<Infrastructure.Kafka.Streams.KafkaBacklog>() is { } kafka)
        {
            // A Kafka feed: what each partition holds beyond the group's committed offset (read or not).
            IReadOnlyList<(int Partition, long Behind)> behind;
            try
            {
                behind = await kafka.ReadAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is Confluent.Kafka.KafkaException or Infrastructure.Kafka.Streams.KafkaFeedException)
            {
                return null; // the brokers cannot say now; the readers log why
            }
            return new ConsoleApi.StreamBacklogView(0, behind.Sum(p => p.Behind), 0,
                [.. behind.Select(p => new ConsoleApi.PartitionBacklogView(p.Partition, 0, p.Behind, p.Behind))]);
        }
        if (services.GetService<IConnectionMultiplexer>() is not { } redis)
        {
            return null;
        }
        var backlog = await RedisStreamInspector.ReadAsync(redis.GetDatabase(), options, streams.Value.Partitions);
        return new ConsoleApi.StreamBacklogView(backlog.Pending, backlog.NotYetRead, backlog.DeadLetters,
            [.. backlog.Partitions.Select(p => new ConsoleApi.PartitionBacklogView(p.Partition, p.Pending, p.NotYetRead, p.Length))]);
    }
}
