using Cdr.Orleans.Infrastructure.Streams;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Infrastructure.Redis.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Streams;
using StackExchange.Redis;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// Two readers of one partition at once, as when the queue balancers of two silos disagree for a moment: subscribers
/// skip positions at or below the last they applied, so no entry may reach the partition after a newer one unless it
/// came before it too.
/// </summary>
public sealed class PartitionReaderTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly RedisStreamOptions options = new()
    {
        KeyPrefix = $"reader-test-{Guid.NewGuid():N}:",
        ReadCount = 3,
        ClaimIdle = TimeSpan.FromSeconds(1),
    };

    private ConnectionMultiplexer connection = null!;
    private RedisStreamAdapter adapter = null!;
    private QueueId queue;

    public async Task InitializeAsync()
    {
        connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var mapper = new PartitionQueueMapper(CdrStreamOptions.ProviderName, partitions: 1);
        queue = mapper.GetAllQueues().Single();
        adapter = new RedisStreamAdapter(CdrStreamOptions.ProviderName, options, mapper, connection.GetDatabase(), acknowledgeOnDelivery: false,
            serializer, NullLogger<RedisStreamAdapter>.Instance);
    }

    public Task DisposeAsync() => connection.CloseAsync();

    [Fact]
    public async Task Given_a_reader_When_a_second_reader_of_its_partition_starts_Then_the_first_takes_no_new_entry_and_the_second_delivers_everything_in_order()
    {
        await PublishAsync(6);
        var first = await StartAsync();
        var firstTook = await ReadNewAsync(first, 3);

        await PublishAsync(6);
        var second = await StartAsync();
        var secondTook = new List<long>();
        var firstLater = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            secondTook.AddRange(Positions(await second.GetQueueMessagesAsync(100, CancellationToken.None)));
            firstLater.AddRange(Positions(await first.GetQueueMessagesAsync(100, CancellationToken.None)));
        }

        Assert.Empty(firstLater);
        // What the first took is given again first (it may not have been delivered), then the rest, oldest first.
        Assert.Equal(firstTook, secondTook.Take(firstTook.Count));
        Assert.Equal(12, secondTook.Count);
        Assert.Equal(secondTook.Order(), secondTook);
    }

    [Fact]
    public async Task Given_a_partition_whose_reader_stopped_reading_When_another_reader_is_left_Then_it_takes_the_partition_back_after_claim_idle()
    {
        await PublishAsync(3);
        var first = await StartAsync();
        await ReadNewAsync(first, 3);
        var second = await StartAsync();
        var secondTook = await ReadNewAsync(second, 3); // the first's three, claimed
        await PublishAsync(3);
        var held = await ReadNewAsync(second, 3);       // then it stops reading: its silo hangs, or its agent was shut down

        Assert.Empty(Positions(await first.GetQueueMessagesAsync(100, CancellationToken.None)));
        await PublishAsync(3);
        // The first reads nothing while the second's name holds; once it lapses (ClaimIdle), it takes the partition.
        var firstTook = new List<long>();
        await Eventually.UntilAsync(async () =>
        {
            firstTook.AddRange(Positions(await first.GetQueueMessagesAsync(100, CancellationToken.None)));
            return firstTook.Count >= 9;
        }, "the first reader to take the partition back", TimeSpan.FromSeconds(10));

        // Everything still pending (the second's six, its own three among them) comes first, then the new three.
        Assert.Equal(9, firstTook.Count);
        Assert.Equal(firstTook.Order(), firstTook);
        Assert.Equal(secondTook.Concat(held), firstTook.Take(6));
    }

    private async Task<IQueueAdapterReceiver> StartAsync()
    {
        var receiver = adapter.CreateReceiver(queue);
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        return receiver;
    }

    /// <summary>Reads until <paramref name="count"/> entries came (the take-over pass first gives nothing or what was pending).</summary>
    private static async Task<List<long>> ReadNewAsync(IQueueAdapterReceiver receiver, int count)
    {
        var took = new List<long>();
        for (var i = 0; i < 10 && took.Count < count; i++)
        {
            took.AddRange(Positions(await receiver.GetQueueMessagesAsync(count - took.Count, CancellationToken.None)));
        }
        Assert.Equal(count, took.Count);
        return took;
    }

    private async Task PublishAsync(int entries)
    {
        for (var i = 0; i < entries; i++)
        {
            await adapter.QueueMessageBatchAsync(StreamId.Create(CdrStreamOptions.Namespace, "0"),
                [new CdrBatch(0, [], DateTime.UtcNow)], null, null);
        }
    }

    private static IEnumerable<long> Positions(IList<IBatchContainer> read) => read.Select(b => b.SequenceToken.SequenceNumber);
}
