using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Streams;
using StackExchange.Redis;

namespace Cdr.Orleans.Infrastructure.Redis.Streams;

public sealed partial class RedisStreamAdapter(
    string name, RedisStreamOptions options, PartitionQueueMapper mapper, IDatabase database, bool acknowledgeOnDelivery, Serializer serializer, ILogger<RedisStreamAdapter> logger) : IQueueAdapter
{
    public const string Field = "batch";

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
        await database.StreamAddAsync(options.KeyOf(partition), Field, serializer.SerializeToArray(container));
    }

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) =>
        new RedisStreamReceiver(options, PartitionQueueMapper.PartitionOf(queueId), database, acknowledgeOnDelivery, serializer, logger);
}
