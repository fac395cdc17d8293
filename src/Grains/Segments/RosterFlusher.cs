using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Cdr.Orleans.Contracts.Segments;
using Cdr.Orleans.Grains.Hosting;
using Microsoft.Extensions.Logging;

namespace Cdr.Orleans.Grains.Segments;

/// <summary>
/// Embedded mode's roster (durable mode reads the stored states instead): this silo's newly seen subscribers, on
/// their way to the roster grains, and the roster read back shard by shard. A subscriber grain enlists itself when it is
/// activated with a known state and when it becomes known; every <see cref="Every"/> (and as the silo stops) the
/// numbers go to their roster shards, one call per shard that has any. Numbers that could not be sent wait for the
/// next tick. A silo that dies loses what it had not sent, and those subscribers enlist again when next activated.
/// A subscriber enlisted since the last tick is still resident, and segments ask resident grains too.
/// </summary>
public sealed partial class RosterFlusher(
    IGrainFactory grains,
    TimeProvider time,
    ILogger<RosterFlusher> logger) : PeriodicService(time), ISubscriberRoster
{
    /// <summary>
    /// Each tick stores every shard that gained a number whole, so while a million profiles load, a tick a second
    /// wrote ~10 times what ticks every 10 s write (and slowed the CDRs that followed); nothing needs the roster sooner.
    /// </summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    private readonly ConcurrentQueue<string> waiting = new();

    protected override TimeSpan Interval => Every;

    protected override bool TickAtStop => true;

    /// <summary>Two ticks: the next tick may already be under way when a number is enlisted.</summary>
    public TimeSpan HoldAfterProfileLoad => 2 * Every;

    public void Enlist(string msisdn) => waiting.Enqueue(msisdn);

    public async IAsyncEnumerable<IReadOnlyList<string>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var shard = 0; shard < RosterGrain.Shards; shard++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return await grains.GetGrain<IRosterGrain>(shard).MembersAsync();
        }
    }

    protected override async Task TickAsync(CancellationToken stoppingToken)
    {
        var shards = new Dictionary<int, List<string>>();
        while (waiting.TryDequeue(out var msisdn))
        {
            var shard = RosterGrain.ShardOf(msisdn);
            if (!shards.TryGetValue(shard, out var list))
            {
                shards[shard] = list = [];
            }
            list.Add(msisdn);
        }
        await Task.WhenAll(shards.Select(async shard =>
        {
            try
            {
                await grains.GetGrain<IRosterGrain>(shard.Key).AddAsync(shard.Value);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                shard.Value.ForEach(waiting.Enqueue);
                LogFlushFailed(logger, ex, shard.Value.Count, shard.Key);
            }
        }));
    }

    [LoggerMessage(EventId = 1600, Level = LogLevel.Warning, Message = "Could not add {Count} subscribers to roster shard {Shard}; kept for the next try")]
    private static partial void LogFlushFailed(ILogger logger, Exception error, int count, int shard);
}
