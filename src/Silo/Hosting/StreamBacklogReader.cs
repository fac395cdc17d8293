using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Grains.Stats;
using Cdr.Orleans.Infrastructure.Kafka.Streams;
using Cdr.Orleans.Infrastructure.Redis.Streams;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cdr.Orleans.Silo.Hosting;

/// <summary>
/// The CDR stream's backlog as <c>stats</c> (through <see cref="IStreamBacklogGrain"/>), the console's overview and the
/// metrics show it: for a Kafka feed, what each partition holds beyond the group's committed offset; in durable mode, per partition
/// what is read but not yet stored and what is not yet read; and the dead letters in Redis. Nothing in embedded mode,
/// whose stream is in memory. Brokers or a Redis that cannot answer give a report that says so.
/// </summary>
public sealed class StreamBacklogReader(IServiceProvider services, IConfiguration configuration, IOptions<CdrStreamOptions> streams) : IStreamBacklogSource
{
    private readonly RedisStreamOptions options = RedisStreamOptions.From(configuration);

    public async Task<StreamBacklogReport?> ReadAsync(CancellationToken cancellationToken)
    {
        var redis = services.GetService<IConnectionMultiplexer>();
        if (services.GetService<KafkaBacklog>() is { } kafka)
        {
            try
            {
                var behind = await kafka.ReadAsync(cancellationToken);
                var dead = redis is null ? 0 : await RedisStreamInspector.DeadLettersAsync(redis.GetDatabase(), options);
                return new StreamBacklogReport(StreamBacklogReport.Kafka, kafka.Topic,
                    [.. behind.Select(p => new PartitionBacklogReport(p.Partition, 0, p.Behind, p.Behind))], dead);
            }
            catch (Exception ex) when (ex is Confluent.Kafka.KafkaException or KafkaFeedException or RedisException)
            {
                return new StreamBacklogReport(StreamBacklogReport.Kafka, kafka.Topic, [], 0, ex.Message);
            }
        }
        if (redis is null)
        {
            return null;
        }
        try
        {
            return await RedisStreamInspector.ReadAsync(redis.GetDatabase(), options, streams.Value.Partitions).WaitAsync(cancellationToken);
        }
        catch (RedisException ex)
        {
            return new StreamBacklogReport(StreamBacklogReport.Redis, options.KeyPrefix, [], 0, ex.Message);
        }
    }
}

public static class StreamBacklogServices
{
    /// <summary>The silo's one <see cref="StreamBacklogReader"/>, also as the <see cref="IStreamBacklogSource"/> its grain reads.</summary>
    public static IServiceCollection AddStreamBacklog(this IServiceCollection services)
    {
        services.TryAddSingleton<StreamBacklogReader>();
        services.TryAddSingleton<IStreamBacklogSource>(provider => provider.GetRequiredService<StreamBacklogReader>());
        return services;
    }
}
