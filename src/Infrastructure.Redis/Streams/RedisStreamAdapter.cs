using Cdr.Orleans.Infrastructure.Streams;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Streams;
using StackExchange.Redis;

namespace Cdr.Orleans.Infrastructure.Redis.Streams;

public sealed partial class RedisStreamAdapter(
    string name, RedisStreamOptions options, PartitionQueueMapper mapper, IDatabase database, bool acknowledgeOnDelivery, Serializer serializer, ILogger<RedisStreamAdapter> logger) : IQueueAdapter
{
    private readonly RedisReplication replication = new(database.Multiplexer, logger);

    public const string Field = "batch";

    /// <summary>XADD unless the stream already holds the bound's worth of entries; then the length, for the refusal.</summary>
    private const string BoundedAdd =
        """
        local length = redis.call('XLEN', KEYS[1])
        if length >= tonumber(ARGV[2]) then
          return length
        end
        redis.call('XADD', KEYS[1], '*', 'batch', ARGV[1])
        return -1
        """;

    public string Name => name;

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        var partition = PartitionQueueMapper.PartitionOf(mapper.GetQueueForStream(streamId));
        var container = new RedisBatchContainer
        {
            StreamId = streamId,
            Events = [.. events.Cast<object>()],
            RequestContext = requestContext is { Count: > 0 } ? requestContext : null,
        };
        var key = options.KeyOf(partition);
        var length = (long)await database.ScriptEvaluateAsync(BoundedAdd, [key], [serializer.SerializeToArray(container), options.MaxBacklog]);
        if (length >= 0)
        {
            throw new PartitionBacklogFullException(partition, length, options.MaxBacklog);
        }
        // Published means on the replicas too: a master that fails over next must not take the batch with it.
        await replication.WaitAsync(key);
    }

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) =>
        new RedisStreamReceiver(options, PartitionQueueMapper.PartitionOf(queueId), database, acknowledgeOnDelivery, serializer, logger);
}
