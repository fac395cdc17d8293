using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Grains.Partitions;
using Cdr.Orleans.Grains.Stats;
using Microsoft.Extensions.Logging.Abstractions;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Partitions;

/// <summary>
/// A partition fed by a log of messages (Kafka's), whose readers group messages into batches as they come: each
/// subscriber is given each message at the message's own position, so that however the messages were grouped when
/// first delivered, when given again by a second reader, or when read back after a loss, every CDR is applied once.
/// </summary>
public sealed class PartitionMessageTests
{
    private const int Partition = 2;
    private static readonly DateTime Now = T0.AddDays(1);

    private readonly Dictionary<string, FakeSubscriber> subscribers = new(StringComparer.Ordinal);
    private readonly MessageLog log = new();

    private PartitionDelivery Delivery(bool checkpoints = true) =>
        new(Partition, checkpoints ? log : null, Subscriber, HomeNetwork.Default, TimeSpan.FromMinutes(5), new EngineCounters(), new FixedTime(Now), NullLogger.Instance);

    private FakeSubscriber Subscriber(string msisdn) =>
        subscribers.TryGetValue(msisdn, out var s) ? s : subscribers[msisdn] = new FakeSubscriber(msisdn);

    [Fact]
    public async Task Given_a_subscriber_in_several_messages_of_a_batch_When_delivered_Then_it_is_given_each_in_order_and_others_in_one_round()
    {
        var one = Voice(Alice, Bob, T0, 60);
        var two = Sms(Alice, Carol, T0.AddMinutes(1));
        var three = Voice(Carol, Bob, T0.AddMinutes(2), 30);
        log.Add(one, two, three);

        await Delivery().DeliverAsync(log.Batch(1, 3), position: 3);

        Assert.Equal([one.Id, two.Id], subscribers[Alice].Applied);
        Assert.Equal([one.Id, three.Id], subscribers[Bob].Applied);
        Assert.Equal([two.Id, three.Id], subscribers[Carol].Applied);
        Assert.Equal(2, subscribers[Alice].Calls);
    }

    [Fact]
    public async Task Given_messages_delivered_When_a_second_reader_gives_them_again_grouped_otherwise_Then_nothing_is_applied_twice()
    {
        var cdrs = Enumerable.Range(0, 6).Select(i => Voice(i % 2 == 0 ? Alice : Bob, Carol, T0.AddMinutes(i), 60)).ToArray();
        log.Add(cdrs);
        var delivery = Delivery();
        await delivery.DeliverAsync(log.Batch(1, 2), 2);
        await delivery.DeliverAsync(log.Batch(3, 4), 4);

        await delivery.DeliverAsync(log.Batch(1, 5), 5); // a reader that started again from the committed offset
        await delivery.DeliverAsync(log.Batch(5, 6), 6);

        Assert.Equal(cdrs.Select(c => c.Id), subscribers[Carol].Applied);
        Assert.Equal(cdrs.Where(c => c.Caller == Alice).Select(c => c.Id), subscribers[Alice].Applied);
    }

    [Fact]
    public async Task Given_subscribers_that_lost_what_they_held_When_a_new_activation_reads_the_log_back_in_other_groups_Then_each_cdr_is_applied_once()
    {
        var cdrs = Enumerable.Range(0, 9).Select(i => Voice(i % 3 == 0 ? Alice : Bob, i % 2 == 0 ? Carol : Alice, T0.AddMinutes(i), 60)).ToArray();
        log.Add(cdrs);
        var before = Delivery();
        await before.DeliverAsync(log.Batch(1, 3), 3);
        await before.CheckpointAsync(); // 1 to 3 stored and committed
        await before.DeliverAsync(log.Batch(4, 7), 7);
        subscribers[Alice].LoseUnstored(); // its silo died; Bob and Carol kept theirs
        log.ReplayGroup = 2; // the new activation reads messages back two at a time

        var after = Delivery();
        await after.DeliverAsync(log.Batch(6, 9), 9); // the reader starts again from somewhere in the middle

        foreach (var msisdn in new[] { Alice, Bob, Carol })
        {
            Assert.Equal(cdrs.Where(c => c.Caller == msisdn || c.Callee == msisdn).Select(c => c.Id), subscribers[msisdn].Applied);
        }
        await after.CheckpointAsync();
        Assert.Equal(9, log.Committed); // every message
    }

    [Fact]
    public async Task Given_a_batch_whose_messages_hold_no_cdr_When_delivered_Then_its_position_is_committed_at_the_checkpoint()
    {
        var delivery = Delivery();
        log.Add(Voice(Alice, Bob, T0, 60));
        await delivery.DeliverAsync(log.Batch(1, 1), 1);
        var empty = new CdrBatch(Partition, [], Now, []); // three messages that were all dead letters

        await delivery.DeliverAsync(empty, position: 4);
        await delivery.CheckpointAsync();

        Assert.Equal(4, log.Committed);
    }

    /// <summary>A partition of one message per CDR, position n for the n-th; commits keep the highest position.</summary>
    private sealed class MessageLog : IPartitionLog
    {
        private readonly List<CallDetailRecord> messages = [];

        public long Committed { get; private set; }

        /// <summary>How many messages a batch read back holds.</summary>
        public int ReplayGroup { get; set; } = 3;

        public void Add(params CallDetailRecord[] cdrs) => messages.AddRange(cdrs);

        /// <summary>Messages <paramref name="from"/> to <paramref name="to"/> (positions) as one batch, as a reader groups them.</summary>
        public CdrBatch Batch(long from, long to) =>
            new(Partition, [.. messages.Skip((int)from - 1).Take((int)(to - from + 1))], Now, [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(p => (long)p)]);

        public Task<IReadOnlyList<(long Position, CdrBatch Batch)>> ReadRetainedAsync(int partition, long before)
        {
            var read = new List<(long, CdrBatch)>();
            for (var from = Committed + 1; from < before; from += ReplayGroup)
            {
                var to = Math.Min(from + ReplayGroup - 1, before - 1);
                read.Add((to, Batch(from, to)));
            }
            return Task.FromResult<IReadOnlyList<(long, CdrBatch)>>(read);
        }

        public Task AcknowledgeAsync(int partition, IReadOnlyCollection<long> positions)
        {
            Committed = Math.Max(Committed, positions.Max());
            return Task.CompletedTask;
        }
    }
}
