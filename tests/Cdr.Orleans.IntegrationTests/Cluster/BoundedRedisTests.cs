using Cdr.Orleans.Infrastructure.Streams;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Infrastructure.Redis.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using StackExchange.Redis;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>What the engine writes to Redis stays bounded while something is wrong: the partition streams, the dead letters.</summary>
public sealed class BoundedRedisTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly StreamId Partition0 = StreamId.Create(CdrStreamOptions.Namespace, "0");

    [Fact]
    public async Task Given_a_partition_whose_entries_are_never_acknowledged_When_publishing_goes_on_Then_it_is_refused_at_the_bound_with_the_reason_and_resumes_once_entries_go()
    {
        var options = new RedisStreamOptions { KeyPrefix = $"bounded-{Guid.NewGuid():N}:", MaxBacklog = 10 };
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var adapter = new RedisStreamAdapter(CdrStreamOptions.ProviderName, options, new PartitionQueueMapper(CdrStreamOptions.ProviderName, partitions: 1),
            connection.GetDatabase(), acknowledgeOnDelivery: false, serializer, NullLogger<RedisStreamAdapter>.Instance);
        Task PublishAsync() => adapter.QueueMessageBatchAsync(Partition0, [new CdrBatch(0, [], DateTime.UtcNow)], null, null);

        for (var i = 0; i < 10; i++)
        {
            await PublishAsync();
        }
        var refused = await Assert.ThrowsAsync<PartitionBacklogFullException>(PublishAsync);

        Assert.Equal(10, await connection.GetDatabase().StreamLengthAsync(options.KeyOf(0)));
        Assert.Equal("CDR partition 0 holds 10 entries not yet applied and acknowledged, the most Cdr:RedisStreams:MaxBacklog (10) allows; " +
            "the engine is behind or cannot acknowledge (see 'cdr stats'), so publishing waits until it catches up", refused.Message);
        var oldest = await connection.GetDatabase().StreamRangeAsync(options.KeyOf(0), count: 3);
        await connection.GetDatabase().StreamDeleteAsync(options.KeyOf(0), [.. oldest.Select(e => e.Id)]); // as acknowledging does
        await PublishAsync();
        Assert.Equal(8, await connection.GetDatabase().StreamLengthAsync(options.KeyOf(0)));
        await connection.GetDatabase().KeyDeleteAsync(options.KeyOf(0));
    }

    [Fact]
    public async Task Given_many_more_dead_letters_than_the_cap_When_added_Then_the_dead_letter_stream_stays_near_its_cap()
    {
        var options = new RedisStreamOptions { DeadLetterKey = $"bounded-dead-{Guid.NewGuid():N}", DeadLetterMaxLength = 1_000 };
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var sink = new RedisDeadLetterSink(connection, options, NullLogger<RedisDeadLetterSink>.Instance);

        for (var i = 0; i < 5_000; i++)
        {
            await sink.AddAsync(new DeadLetter(1, "+447700900123", $"cdr-{i}", "test", DateTime.UtcNow));
        }

        // Trimmed approximately (whole nodes of the stream), as MAXLEN ~ does: at most one node over the cap.
        Assert.InRange(await connection.GetDatabase().StreamLengthAsync(options.DeadLetterKey), 1_000, 1_100);
        await connection.GetDatabase().KeyDeleteAsync(options.DeadLetterKey);
    }
}
