using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Domain.Streams;
using Orleans.Streams;

namespace Cdr.Orleans.Generator.Publishing;

/// <summary>
/// Publishes CDRs to the partitioned CDR stream: buffers per partition, sends a batch when it is full or stale, keeps
/// one send in flight per partition (so a partition's batches stay in order), and retries with backoff when the
/// engine pushes back (a full queue) instead of failing: the generator can never outrun the engine, only wait for it.
/// </summary>
public sealed class CdrPublisher : ICdrSink
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);
    private readonly IAsyncStream<CdrBatch>[] streams;
    private readonly List<CallDetailRecord>[] buffers;
    private readonly DateTime[] bufferStarted;
    private readonly Task[] inFlight;
    private readonly int batchSize;
    private readonly TimeProvider time;
    private long published;
    private long retries;

    public CdrPublisher(IStreamProvider provider, CdrStreamOptions options, TimeProvider? time = null)
    {
        this.time = time ?? TimeProvider.System;
        batchSize = options.BatchSize;
        streams = new IAsyncStream<CdrBatch>[options.Partitions];
        buffers = new List<CallDetailRecord>[options.Partitions];
        bufferStarted = new DateTime[options.Partitions];
        inFlight = new Task[options.Partitions];
        for (var p = 0; p < options.Partitions; p++)
        {
            streams[p] = provider.GetStream<CdrBatch>(StreamId.Create(CdrStreamOptions.Namespace, PartitionKey(p)));
            buffers[p] = new List<CallDetailRecord>(batchSize);
            inFlight[p] = Task.CompletedTask;
        }
    }

    /// <summary>CDRs the stream has accepted.</summary>
    public long Published => Interlocked.Read(ref published);

    /// <summary>Sends the engine pushed back on (and that were retried).</summary>
    public long Retries => Interlocked.Read(ref retries);

    public static string PartitionKey(int partition) => partition.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Adds a CDR; completes at once unless its partition's batch is full and the previous send is still running.</summary>
    public ValueTask PublishAsync(CallDetailRecord cdr)
    {
        var partition = Partitioner.PartitionOf(cdr.Caller, buffers.Length);
        var buffer = buffers[partition];
        if (buffer.Count == 0)
        {
            bufferStarted[partition] = time.GetUtcNow().UtcDateTime;
        }
        buffer.Add(cdr);
        return buffer.Count >= batchSize ? SendAsync(partition) : ValueTask.CompletedTask;
    }

    /// <summary>Sends every partition batch that has waited longer than <paramref name="maxAge"/>.</summary>
    public async ValueTask FlushStaleAsync(TimeSpan maxAge)
    {
        var now = time.GetUtcNow().UtcDateTime;
        for (var p = 0; p < buffers.Length; p++)
        {
            if (buffers[p].Count > 0 && now - bufferStarted[p] >= maxAge && inFlight[p].IsCompleted)
            {
                await SendAsync(p);
            }
        }
    }

    /// <summary>Sends everything buffered and waits until the stream has accepted all of it.</summary>
    public async Task FlushAsync()
    {
        for (var p = 0; p < buffers.Length; p++)
        {
            if (buffers[p].Count > 0)
            {
                await SendAsync(p);
            }
        }
        await Task.WhenAll(inFlight);
    }

    private async ValueTask SendAsync(int partition)
    {
        // One send in flight per partition: wait for the previous one (this is where backpressure reaches the caller).
        await inFlight[partition];
        var cdrs = buffers[partition].ToArray();
        buffers[partition].Clear();
        inFlight[partition] = SendWithRetryAsync(partition, cdrs);
    }

    private async Task SendWithRetryAsync(int partition, CallDetailRecord[] cdrs)
    {
        var backoff = TimeSpan.FromMilliseconds(5);
        var firstTry = time.GetUtcNow();
        while (true)
        {
            try
            {
                await streams[partition].OnNextAsync(new CdrBatch(partition, cdrs, time.GetUtcNow().UtcDateTime));
                Interlocked.Add(ref published, cdrs.Length);
                Volatile.Write(ref pushedBackBy, null);
                return;
            }
            catch (Exception ex) when (BacklogFull(ex) is { } full)
            {
                // Pushed back for as long as the engine is behind: waiting is the point, so there is no giving up here.
                Volatile.Write(ref pushedBackBy, full.Message);
                Interlocked.Increment(ref retries);
                await Task.Delay(MaxBackoff, time);
            }
            catch (Exception ex) when (IsTransient(ex) && time.GetUtcNow() - firstTry < GiveUpAfter)
            {
                Interlocked.Increment(ref retries);
                await Task.Delay(backoff, time);
                backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
            }
        }
    }

    /// <summary>Why the stream last pushed this publisher back (a partition's backlog at its bound), or null.</summary>
    public string? PushedBackBy => Volatile.Read(ref pushedBackBy);

    private string? pushedBackBy;

    private static Infrastructure.Redis.Streams.PartitionBacklogFullException? BacklogFull(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is Infrastructure.Redis.Streams.PartitionBacklogFullException full)
            {
                return full;
            }
        }
        return null;
    }

    /// <summary>
    /// A full memory queue says so with InvalidOperationException; timeouts mean a busy engine; Redis fails for a moment
    /// while a master fails over or a connection comes back. All of these pass.
    /// </summary>
    private static bool IsTransient(Exception ex) =>
        ex is InvalidOperationException or TimeoutException or OrleansMessageRejectionException
        || Infrastructure.Redis.RedisFailures.IsTransient(ex)
        || ex.InnerException is { } inner && IsTransient(inner);
}
