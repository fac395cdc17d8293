using Cdr.Orleans.Infrastructure.Redis.Storage;

namespace Cdr.Orleans.Tests.Redis;

/// <summary>
/// How the grain storage gathers reads and writes into Redis calls: alone under light load, in groups while earlier
/// calls are on their way, never more groups in flight than allowed, every request sent once.
/// </summary>
public sealed class RequestGroupsTests
{
    [Fact]
    public void Given_no_call_on_its_way_When_a_request_comes_Then_it_goes_alone_at_once()
    {
        var sent = new List<List<int>>();
        var groups = new RequestGroups<int>(maxGroup: 8, maxInFlight: 2, group => { sent.Add(group); return Task.CompletedTask; }, (_, error) => throw error);

        groups.Add(1);
        groups.Add(2);

        Assert.Equal([[1], [2]], sent);
    }

    [Fact]
    public async Task Given_every_call_on_its_way_When_requests_pile_up_Then_they_go_in_groups_of_at_most_the_limit_once_each_with_no_more_in_flight()
    {
        var sent = new List<List<int>>();
        var gates = new List<TaskCompletionSource>();
        var inFlight = 0;
        var mostInFlight = 0;
        var groups = new RequestGroups<int>(maxGroup: 8, maxInFlight: 2, async group =>
        {
            TaskCompletionSource gate;
            lock (sent)
            {
                sent.Add(group);
                gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                gates.Add(gate);
                mostInFlight = Math.Max(mostInFlight, ++inFlight);
            }
            await gate.Task;
            lock (sent)
            {
                inFlight--;
            }
        }, (_, error) => throw error);

        for (var i = 0; i < 40; i++)
        {
            groups.Add(i);
        }
        // Two went alone (the limit in flight) and 38 wait: each completion sends the next group of up to 8.
        await WaitUntilAsync(() =>
        {
            lock (sent)
            {
                foreach (var gate in gates)
                {
                    gate.TrySetResult();
                }
                return sent.Sum(s => s.Count) == 40 && inFlight == 0;
            }
        });

        lock (sent)
        {
            Assert.Equal([0], sent[0]);
            Assert.Equal([1], sent[1]);
            Assert.Equal(Enumerable.Range(0, 40), sent.SelectMany(s => s).Order());
            Assert.All(sent, group => Assert.InRange(group.Count, 1, 8));
            Assert.Equal(8, sent[2].Count);
            Assert.Equal(2, mostInFlight);
        }
    }

    [Fact]
    public void Given_a_send_that_throws_When_a_group_goes_Then_its_requests_fail_with_the_error_and_the_next_group_still_goes()
    {
        var failed = new List<(List<int> Group, Exception Error)>();
        var sent = new List<List<int>>();
        var groups = new RequestGroups<int>(maxGroup: 8, maxInFlight: 1, group =>
        {
            if (group.Contains(1))
            {
                throw new InvalidOperationException("no server");
            }
            sent.Add(group);
            return Task.CompletedTask;
        }, (group, error) => failed.Add((group, error)));

        groups.Add(1);
        groups.Add(2);

        var (group, error) = Assert.Single(failed);
        Assert.Equal([1], group);
        Assert.Equal("no server", error.Message);
        Assert.Equal([[2]], sent);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the groups did not settle within 10 s");
            await Task.Yield();
        }
    }
}
