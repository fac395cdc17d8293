using System.Reflection;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Infrastructure.Redis;
using Orleans.Streams;
using StackExchange.Redis;

namespace Cdr.Orleans.Tests.Redis;

/// <summary>
/// Which Redis failures a publisher waits out. A Redis Cluster answers CLUSTERDOWN between a master's death and its
/// replica's promotion; the publisher used to give up on it at once, and a generator run ended with the failover.
/// </summary>
public sealed class RedisFailureTests
{
    [Theory]
    [InlineData("CLUSTERDOWN The cluster is down")]
    [InlineData("TRYAGAIN Multiple keys request during rehashing of slot")]
    [InlineData("LOADING Redis is loading the dataset in memory")]
    [InlineData("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")]
    [InlineData("READONLY You can't write against a read only replica.")]
    public void Given_a_reply_a_server_gives_while_it_cannot_serve_for_a_moment_When_classified_Then_it_is_transient(string reply)
    {
        Assert.True(RedisFailures.IsTransient(new RedisServerException(reply)));
        Assert.True(RedisFailures.IsTransient(new AggregateException(new RedisServerException(reply))));
    }

    [Theory]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value")]
    [InlineData("OOM command not allowed when used memory > 'maxmemory'.")]
    [InlineData("ERR Error running script")]
    [InlineData("CLUSTERDOWNISH not a reply Redis gives")]
    public void Given_a_reply_that_would_fail_the_same_way_again_When_classified_Then_it_is_not_transient(string reply) =>
        Assert.False(RedisFailures.IsTransient(new RedisServerException(reply)));

    [Fact]
    public void Given_a_lost_connection_When_classified_Then_it_is_transient() =>
        Assert.True(RedisFailures.IsTransient(new RedisConnectionException(ConnectionFailureType.SocketFailure, "socket closed")));

    [Fact]
    public async Task Given_a_stream_that_answers_clusterdown_twice_When_a_batch_is_published_Then_it_is_retried_until_accepted()
    {
        var stream = FlakyStream.Create(failures: 2, () => new RedisServerException("CLUSTERDOWN The cluster is down"));
        var publisher = await PublishOneAsync(stream);
        await publisher.FlushAsync();

        Assert.Equal(1, publisher.Published);
        Assert.Equal(2, publisher.Retries);
        Assert.Equal(3, ((FlakyStream)(object)stream).Calls);
    }

    [Fact]
    public async Task Given_a_stream_that_answers_a_lasting_error_When_a_batch_is_published_Then_the_error_reaches_the_caller()
    {
        var stream = FlakyStream.Create(failures: 1, () => new RedisServerException("WRONGTYPE Operation against a key holding the wrong kind of value"));
        var publisher = await PublishOneAsync(stream);

        var error = await Assert.ThrowsAsync<RedisServerException>(publisher.FlushAsync);
        Assert.StartsWith("WRONGTYPE", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, publisher.Published);
    }

    /// <summary>A publisher on <paramref name="stream"/> holding one CDR, not yet sent.</summary>
    private static async Task<CdrPublisher> PublishOneAsync(IAsyncStream<CdrBatch> stream)
    {
        var publisher = new CdrPublisher(FlakyStream.Provider(stream), new CdrStreamOptions { Partitions = 1, BatchSize = 10 });
        await publisher.PublishAsync(new CallDetailRecord("c-1", "+447700900123", "+447700900456", DateTime.UtcNow.AddMinutes(-1), 60,
            CdrType.Voice, 0, CallResult.Answered, 0.1m, "London", false, "GB", "Northwind Mobile"));
        return publisher;
    }

    /// <summary>A CDR stream whose OnNextAsync fails a given number of times, then accepts; every other member is unused.</summary>
    public class FlakyStream : DispatchProxy
    {
        private int failures;
        private Func<Exception> error = () => new InvalidOperationException();

        public int Calls { get; private set; }

        public static IAsyncStream<CdrBatch> Create(int failures, Func<Exception> error)
        {
            var stream = Create<IAsyncStream<CdrBatch>, FlakyStream>();
            var flaky = (FlakyStream)(object)stream;
            (flaky.failures, flaky.error) = (failures, error);
            return stream;
        }

        public static IStreamProvider Provider(IAsyncStream<CdrBatch> stream)
        {
            var provider = Create<IStreamProvider, FixedProvider>();
            ((FixedProvider)(object)provider).Stream = stream;
            return provider;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name != nameof(IAsyncStream<CdrBatch>.OnNextAsync))
            {
                throw new NotSupportedException(targetMethod?.Name);
            }
            Calls++;
            return failures-- > 0 ? Task.FromException(error()) : Task.CompletedTask;
        }
    }

    /// <summary>A stream provider that hands out one stream whatever the id.</summary>
    public class FixedProvider : DispatchProxy
    {
        public object? Stream { get; set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == nameof(IStreamProvider.GetStream) ? Stream : throw new NotSupportedException(targetMethod?.Name);
    }
}
