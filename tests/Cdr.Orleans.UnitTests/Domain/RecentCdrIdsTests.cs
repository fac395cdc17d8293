using Cdr.Orleans.Domain;

namespace Cdr.Orleans.Tests.Domain;

public sealed class RecentCdrIdsTests
{
    [Fact]
    public void Given_a_subscriber_When_a_cdr_id_comes_again_within_the_window_Then_it_is_a_repeat_and_after_the_window_it_is_new()
    {
        var state = new SubscriberState();

        Assert.True(RecentCdrIds.IsNew(state, "cdr-1", capacity: 4));
        Assert.False(RecentCdrIds.IsNew(state, "cdr-1", capacity: 4));
        foreach (var id in new[] { "cdr-2", "cdr-3", "cdr-4" })
        {
            Assert.True(RecentCdrIds.IsNew(state, id, capacity: 4));
        }
        Assert.False(RecentCdrIds.IsNew(state, "cdr-1", capacity: 4)); // the 4th latest: still remembered
        Assert.True(RecentCdrIds.IsNew(state, "cdr-5", capacity: 4)); // pushes cdr-1 out
        Assert.True(RecentCdrIds.IsNew(state, "cdr-1", capacity: 4));
        Assert.Equal(4, state.RecentIds!.Hashes.Length);
    }

    [Fact]
    public void Given_many_ids_When_remembered_Then_the_memory_never_passes_its_capacity_and_lowering_it_shrinks_it()
    {
        var state = new SubscriberState();
        for (var i = 0; i < 1_000; i++)
        {
            Assert.True(RecentCdrIds.IsNew(state, $"id-{i}", capacity: 32));
        }
        Assert.Equal(32, state.RecentIds!.Hashes.Length);
        Assert.False(RecentCdrIds.IsNew(state, "id-999", capacity: 32));
        Assert.True(RecentCdrIds.IsNew(state, "id-967", capacity: 32));

        Assert.True(RecentCdrIds.IsNew(state, "id-new", capacity: 8));
        Assert.Equal(8, state.RecentIds.Hashes.Length);
    }

    [Fact]
    public void Given_the_check_turned_off_When_ids_repeat_Then_each_is_new_and_nothing_is_kept()
    {
        var state = new SubscriberState();

        Assert.True(RecentCdrIds.IsNew(state, "same", capacity: 0));
        Assert.True(RecentCdrIds.IsNew(state, "same", capacity: 0));
        Assert.Null(state.RecentIds);
    }
}
