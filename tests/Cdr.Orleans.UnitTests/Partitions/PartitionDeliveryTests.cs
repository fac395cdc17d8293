using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Grains.Partitions;
using Cdr.Orleans.Grains.Stats;
using Microsoft.Extensions.Logging.Abstractions;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Partitions;

/// <summary>The partition's delivery, checkpoint and replay protocol, against a fake log and fake subscribers.</summary>
public sealed class PartitionDeliveryTests
{
    private const int Partition = 3;
    private static readonly DateTime Now = T0.AddDays(1);

    private readonly Dictionary<string, FakeSubscriber> subscribers = new(StringComparer.Ordinal);
    private readonly EngineCounters counters = new();
    private readonly FakePartitionLog log = new();

    private PartitionDelivery Delivery(bool checkpoints) =>
        new(Partition, checkpoints ? log : null, Subscriber, HomeNetwork.Default, TimeSpan.FromMinutes(5), counters, new FixedTime(Now),
            NullLogger.Instance);

    private FakeSubscriber Subscriber(string msisdn) =>
        subscribers.TryGetValue(msisdn, out var s) ? s : subscribers[msisdn] = new FakeSubscriber(msisdn);

    private static CdrBatch Batch(params CallDetailRecord[] cdrs) => new(Partition, cdrs, Now);

    [Fact]
    public async Task Given_a_batch_When_delivered_Then_callers_and_on_net_callees_get_their_cdrs_once_and_bad_cdrs_are_counted_by_code()
    {
        var delivery = Delivery(checkpoints: false);
        var call = Voice(Alice, Bob, T0, 60);
        var sms = Sms(Bob, Carol, T0.AddMinutes(1));
        var offNet = Voice(Alice, "+33612345678", T0.AddMinutes(2), 30, country: "FR");
        var bad = Voice("12345", Bob, T0, 60);

        await delivery.DeliverAsync(Batch(call, sms, offNet, bad), position: 0);

        Assert.Equal([call.Id, offNet.Id], subscribers[Alice].Applied);
        Assert.Equal([sms.Id, call.Id], subscribers[Bob].Applied);
        Assert.Equal([sms.Id], subscribers[Carol].Applied);
        Assert.False(subscribers.ContainsKey("+33612345678"));
        long before = 0;
        var report = counters.TakeReport("test", Now, ref before);
        Assert.Equal(new Dictionary<string, long> { ["bad-msisdn"] = 1 }, report.Rejected);
        Assert.Equal(0, report.CdrsApplied); // each subscriber counts what it applies (none here: they are fakes)
        Assert.False(delivery.HasPending);
    }

    [Fact]
    public async Task Given_checkpoints_When_the_checkpoint_runs_Then_every_subscriber_given_a_batch_writes_once_and_only_then_the_entries_are_acknowledged()
    {
        var delivery = Delivery(checkpoints: true);
        var first = Batch(Voice(Alice, Bob, T0, 60));
        var second = Batch(Sms(Alice, Carol, T0.AddMinutes(1)));
        await delivery.DeliverAsync(first, log.Append(first));
        await delivery.DeliverAsync(second, log.Append(second));
        Assert.Equal([], log.Acknowledged);
        Assert.Equal(0, subscribers[Alice].Flushes);

        await delivery.CheckpointIfDueAsync();

        Assert.Equal([1L, 2L], log.Acknowledged.Order());
        Assert.Equal((1, 1, 1), (subscribers[Alice].Flushes, subscribers[Bob].Flushes, subscribers[Carol].Flushes));
        Assert.Equal(subscribers[Alice].Applied, subscribers[Alice].Stored);
        Assert.False(delivery.HasPending);

        await delivery.CheckpointIfDueAsync(); // nothing given since: no flush at all
        Assert.Equal(1, subscribers[Alice].Flushes);
    }

    [Fact]
    public async Task Given_a_subscriber_that_lost_its_unstored_batches_When_the_next_batch_comes_Then_the_gap_is_given_again_from_the_log_and_each_cdr_is_applied_once()
    {
        var delivery = Delivery(checkpoints: true);
        var one = Voice(Alice, Bob, T0, 60);
        var two = Voice(Alice, Bob, T0.AddMinutes(1), 60);
        var three = Voice(Alice, Bob, T0.AddMinutes(2), 60);
        foreach (var cdr in new[] { one, two })
        {
            var batch = Batch(cdr);
            await delivery.DeliverAsync(batch, log.Append(batch));
        }
        subscribers[Alice].LoseUnstored(); // its silo died before a checkpoint

        var last = Batch(three);
        await delivery.DeliverAsync(last, log.Append(last));

        Assert.Equal([one.Id, two.Id, three.Id], subscribers[Alice].Applied);
        Assert.Equal([one.Id, two.Id, three.Id], subscribers[Bob].Applied);
        Assert.Equal([1L, 2L], log.Acknowledged.Order()); // the checkpoint the gap set off; the third waits for the next one
        await delivery.CheckpointAsync();
        Assert.Equal([1L, 2L, 3L], log.Acknowledged.Order());
        Assert.Equal([], log.Retained);
    }

    [Fact]
    public async Task Given_a_subscriber_that_lost_batches_When_the_checkpoint_flushes_Then_it_gets_them_again_before_anything_is_acknowledged()
    {
        var delivery = Delivery(checkpoints: true);
        var cdr = Voice(Alice, Bob, T0, 60);
        var batch = Batch(cdr);
        await delivery.DeliverAsync(batch, log.Append(batch));
        subscribers[Alice].LoseUnstored();

        await delivery.CheckpointAsync();

        Assert.Equal([cdr.Id], subscribers[Alice].Stored);
        Assert.Equal([1L], log.Acknowledged);
        Assert.Equal([cdr.Id], subscribers[Bob].Applied);
    }

    [Fact]
    public async Task Given_a_new_activation_When_its_first_batch_comes_Then_the_entries_still_in_the_log_are_given_again_first()
    {
        var before = Delivery(checkpoints: true);
        var old = Batch(Voice(Alice, Bob, T0, 60));
        await before.DeliverAsync(old, log.Append(old));
        subscribers[Alice].LoseUnstored();
        subscribers[Bob].LoseUnstored(); // the silo died: no checkpoint, the entry is still in the log

        var after = Delivery(checkpoints: true);
        var next = Batch(Voice(Alice, Bob, T0.AddMinutes(1), 60));
        await after.DeliverAsync(next, log.Append(next));

        Assert.Equal([.. old.Cdrs.Select(c => c.Id), .. next.Cdrs.Select(c => c.Id)], subscribers[Alice].Applied);
        Assert.Equal(2, log.Reads); // once at each activation's first batch
        await after.CheckpointAsync();
        Assert.Equal([1L, 2L], log.Acknowledged.Order());
    }

    [Fact]
    public async Task Given_an_unreachable_log_When_a_checkpoint_fails_Then_nothing_is_let_go_and_the_next_one_acknowledges_everything()
    {
        var delivery = Delivery(checkpoints: true);
        var batch = Batch(Voice(Alice, Bob, T0, 60));
        await delivery.DeliverAsync(batch, log.Append(batch));
        log.Unreachable = true;

        await delivery.CheckpointAsync();

        Assert.True(delivery.HasPending);
        Assert.Equal(2, delivery.PendingSubscribers);
        Assert.Equal([1L], log.Retained);
        log.Unreachable = false;
        await delivery.CheckpointIfDueAsync();
        Assert.Equal([1L], log.Acknowledged);
        Assert.False(delivery.HasPending);
    }

    [Fact]
    public async Task Given_one_subscriber_call_fails_When_a_batch_is_delivered_Then_every_other_subscriber_was_called_and_the_batch_fails()
    {
        var delivery = Delivery(checkpoints: false);
        Subscriber(Bob).FailNext = new TimeoutException("silo gone");
        var call = Voice(Alice, Bob, T0, 60);
        var sms = Sms(Carol, Alice, T0);

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => delivery.DeliverAsync(Batch(call, sms), position: 0));

        Assert.Equal("silo gone", failure.Message);
        Assert.Equal([call.Id, sms.Id], subscribers[Alice].Applied);
        Assert.Equal([sms.Id], subscribers[Carol].Applied);
        long before = 0;
        Assert.Equal(0, counters.TakeReport("test", Now, ref before).CdrsApplied); // counted only once delivered
    }

    [Fact]
    public async Task Given_entries_delivered_When_an_older_one_comes_that_never_came_before_Then_it_is_counted_as_late_and_one_given_again_is_not()
    {
        var delivery = Delivery(checkpoints: false);
        await delivery.DeliverAsync(Batch(Voice(Alice, Bob, T0, 60)), position: 4);
        await delivery.DeliverAsync(Batch(Voice(Alice, Bob, T0.AddMinutes(1), 60)), position: 7);

        await delivery.DeliverAsync(Batch(Voice(Alice, Bob, T0, 60)), position: 4);  // given again: skipped by subscribers, as it should be
        await delivery.DeliverAsync(Batch(Voice(Alice, Carol, T0, 60)), position: 6); // never came: subscribers past 7 skip it

        long before = 0;
        var report = counters.TakeReport("test", Now, ref before);
        Assert.Equal(new Dictionary<string, long> { [PartitionDelivery.LateEntry] = 1 }, report.Notes);
    }
}
