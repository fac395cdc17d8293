using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Infrastructure.Redis.Streams;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// Durable mode's CDR stream as the overview shows it (as <c>stats</c> does): per partition what is read but not yet
/// applied and what is not yet read, and the dead letters. Nothing in embedded mode, whose stream is in memory.
/// </summary>
public sealed class StreamBacklogReader(IServiceProvider services, IConfiguration configuration, IOptions<CdrStreamOptions> streams)
{
    private readonly RedisStreamOptions options = RedisStreamOptions.From(configuration);

    public async Task<ConsoleApi.StreamBacklogView?> ReadAsync()
    {
        if (services.GetService<IConnectionMultiplexer>() is not { } redis)
        {
            return null;
        }
        var backlog = await RedisStreamInspector.ReadAsync(redis.GetDatabase(), options, streams.Value.Partitions);
        return new ConsoleApi.StreamBacklogView(backlog.Pending, backlog.NotYetRead, backlog.DeadLetters,
            [.. backlog.Partitions.Select(p => new ConsoleApi.PartitionBacklogView(p.Partition, p.Pending, p.NotYetRead, p.Length))]);
    }
}
