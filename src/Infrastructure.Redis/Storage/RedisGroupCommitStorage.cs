using System.Buffers;
using Cdr.Orleans.Infrastructure.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using StackExchange.Redis;

namespace Cdr.Orleans.Infrastructure.Redis.Storage;

/// <summary>
/// Grain storage in Redis for the many small, hot subscriber states: each write still completes only when Redis has it
/// (so a batch is acknowledged only once stored), but the writes of all grains of this silo that are waiting at the same
/// moment go to Redis together, as one server-side script over up to <see cref="MaxGroup"/> keys, with an optimistic
/// version check per key: one write per call, as Orleans' Redis storage makes it, is a Redis command and a script call
/// per CDR batch per subscriber, which capped durable mode (docs/benchmarks.md). Reads are grouped the same way: at
/// millions of subscribers most CDRs find their subscriber cold, and each activation reads its state.
/// <para>
/// A hash per grain at <c>{serviceId}/state/{p7}/{grainId}/{stateName}</c> with fields <c>etag</c> and <c>data</c> (data
/// in Orleans' binary format), where <c>{p7}</c> is the Redis Cluster hash tag of the subscriber's stream partition:
/// its state lives in the slot of the stream that carries its CDRs. On a Redis Cluster a script may touch one slot
/// only, so a group is split by slot there (on a single server it goes whole). Versions here are counters; a write
/// whose expected version is not the stored one (a second activation of the same grain wrote meanwhile) fails with
/// <see cref="InconsistentStateException"/> and changes nothing. A group's writes count as done once the master's
/// replicas have them (<see cref="RedisReplication"/>).
/// </para>
/// </summary>
public sealed partial class RedisGroupCommitStorage : IGrainStorage, Infrastructure.Storage.IForcedClear
{
    /// <summary>At most this many writes in one script call.</summary>
    public const int MaxGroup = 256;

    /// <summary>At most this many script calls on their way at once; writes arriving meanwhile wait and form the next group.</summary>
    public const int GroupsInFlight = 4;

    // KEYS[i]: a grain's hash; ARGV[2i-1]: the version the writer read ('' when there was no record); ARGV[2i]: the data.
    // Returns, per key, the new version, or '' when the stored version differs (nothing written for that key).
    private const string WriteScript =
        """
        local written = {}
        for i = 1, #KEYS do
          local stored = redis.call('HGET', KEYS[i], 'etag')
          local expected = ARGV[2 * i - 1]
          if (stored == false and expected == '') or stored == expected then
            local version = tostring((tonumber(stored) or 0) + 1)
            redis.call('HSET', KEYS[i], 'etag', version, 'data', ARGV[2 * i])
            written[i] = version
          else
            written[i] = ''
          end
        end
        return written
        """;

    // KEYS[i]: a grain's hash. Returns its version and data at 2i-1 and 2i (nil where none is stored).
    private const string ReadScript =
        """
        local stored = {}
        for i = 1, #KEYS do
          local fields = redis.call('HMGET', KEYS[i], 'etag', 'data')
          stored[2 * i - 1] = fields[1]
          stored[2 * i] = fields[2]
        end
        return stored
        """;

    private const string ClearScript =
        """
        local stored = redis.call('HGET', KEYS[1], 'etag')
        if (stored == false and ARGV[1] == '') or stored == ARGV[1] then
          redis.call('DEL', KEYS[1])
          return 1
        end
        return 0
        """;

    private static readonly RedisValue[] Fields = ["etag", "data"];

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? buffer;

    private readonly string name;
    private readonly string keyPrefix;
    private readonly IConnectionMultiplexer redis;
    private readonly global::Orleans.Serialization.Serializer serializer;
    private readonly ILogger logger;
    private readonly int partitions;
    private readonly RequestGroups<PendingWrite> writes;
    private readonly RequestGroups<PendingRead> reads;
    private bool? clustered;
    private readonly RedisReplication replication;

    public RedisGroupCommitStorage(string name, string serviceId, int partitions, IConnectionMultiplexer redis, global::Orleans.Serialization.Serializer serializer, ILogger<RedisGroupCommitStorage> logger)
    {
        (this.name, this.partitions, this.redis, this.serializer, this.logger) = (name, partitions, redis, serializer, logger);
        keyPrefix = $"{serviceId}/state/";
        replication = new RedisReplication(redis, logger);
        writes = new RequestGroups<PendingWrite>(MaxGroup, GroupsInFlight, SendWritesAsync, FailWrites);
        reads = new RequestGroups<PendingRead>(MaxGroup, GroupsInFlight, SendReadsAsync, FailReads);
    }

    private sealed record PendingWrite(RedisKey Key, RedisValue Expected, RedisValue Data, TaskCompletionSource<string> Done);

    private sealed record PendingRead(RedisKey Key, TaskCompletionSource<RedisValue[]> Done);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        RedisValue[] stored;
        try
        {
            var pending = new PendingRead(KeyOf(grainId, stateName), new TaskCompletionSource<RedisValue[]>(TaskCreationOptions.RunContinuationsAsynchronously));
            reads.Add(pending);
            stored = await pending.Done.Task;
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            throw new RedisStorageUnavailableException($"reading {grainId} from Redis ({name} storage) failed", error);
        }
        if (stored[1].IsNull)
        {
            grainState.RecordExists = false;
            grainState.ETag = null;
            return;
        }
        try
        {
            grainState.State = serializer.Deserialize<T>((ReadOnlyMemory<byte>)stored[1]);
        }
        catch (Exception error)
        {
            throw UnreadableState.Of(stateName, grainId, $"Redis key {KeyOf(grainId, stateName)}", error);
        }
        grainState.ETag = stored[0];
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var pending = new PendingWrite(KeyOf(grainId, stateName), grainState.ETag ?? "", Serialize(grainState.State),
            new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
        writes.Add(pending);
        var version = await pending.Done.Task;
        if (version.Length == 0)
        {
            throw new InconsistentStateException($"{grainId} was written by another activation meanwhile ({name} storage: stored version is not {grainState.ETag ?? "none"}); this write was not applied");
        }
        grainState.ETag = version;
        grainState.RecordExists = true;
    }

    public async Task<bool> ForceClearAsync(string stateName, GrainId grainId) =>
        await redis.GetDatabase().KeyDeleteAsync(KeyOf(grainId, stateName));

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var cleared = (int)await redis.GetDatabase().ScriptEvaluateAsync(ClearScript, [KeyOf(grainId, stateName)], [grainState.ETag ?? ""]);
        if (cleared == 0)
        {
            throw new InconsistentStateException($"{grainId} was written by another activation meanwhile ({name} storage); not cleared");
        }
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private RedisKey KeyOf(GrainId grainId, string stateName) => $"{keyPrefix}{TagOf(grainId.Key.ToString()!, partitions)}/{grainId}/{stateName}";

    /// <summary>Where a subscriber's state is: "{serviceId}/state/{p7}/subscriber/{number}/subscriber" with 7 its number's partition.</summary>
    public static string SubscriberKey(string serviceId, string msisdn, int partitions) =>
        $"{serviceId}/state/{TagOf(msisdn, partitions)}/subscriber/{msisdn}/subscriber";

    private static string TagOf(string msisdn, int partitions) => RedisSlots.PartitionTag(Domain.Streams.Partitioner.PartitionOf(msisdn, partitions));

    /// <summary>Serializes into a per-thread buffer and copies out exactly the bytes written: one allocation per write.</summary>
    private byte[] Serialize<T>(T state)
    {
        var writer = buffer ??= new ArrayBufferWriter<byte>(4096);
        writer.ResetWrittenCount();
        serializer.Serialize(state, writer);
        return writer.WrittenSpan.ToArray();
    }

    private Task SendWritesAsync(List<PendingWrite> group) => BySlotAsync(group, p => p.Key, WriteAsync);

    private Task SendReadsAsync(List<PendingRead> group) => BySlotAsync(group, p => p.Key, ReadAsync);

    /// <summary>A group as one call, or on a Redis Cluster one call per slot (a script may touch one slot only).</summary>
    private Task BySlotAsync<T>(List<T> group, Func<T, RedisKey> keyOf, Func<List<T>, Task> send) =>
        IsCluster() ? Task.WhenAll(group.GroupBy(p => redis.HashSlot(keyOf(p))).Select(slot => send([.. slot]))) : send(group);

    private bool IsCluster() => clustered ??= redis.GetServers().Any(s => s.ServerType == ServerType.Cluster);

    /// <summary>
    /// One call for <paramref name="group"/>, whose keys are in one slot on a Redis Cluster: a lone read is an HMGET, a
    /// group one script call; each read's task ends with the stored version and data (nulls where none is stored).
    /// </summary>
    private async Task ReadAsync(List<PendingRead> group)
    {
        try
        {
            var database = redis.GetDatabase();
            if (group.Count == 1)
            {
                group[0].Done.TrySetResult(await database.HashGetAsync(group[0].Key, Fields));
                return;
            }
            var keys = new RedisKey[group.Count];
            for (var i = 0; i < group.Count; i++)
            {
                keys[i] = group[i].Key;
            }
            var stored = (RedisResult[])(await database.ScriptEvaluateAsync(ReadScript, keys))!;
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Done.TrySetResult([(RedisValue)stored[2 * i], (RedisValue)stored[2 * i + 1]]);
            }
        }
        catch (Exception error)
        {
            FailReads(group, error);
        }
    }

    /// <summary>Each reader gets the error: its activation fails (and is logged) and its batch is retried.</summary>
    private static void FailReads(List<PendingRead> group, Exception error)
    {
        foreach (var pending in group)
        {
            pending.Done.TrySetException(error);
        }
    }

    /// <summary>One script call for <paramref name="group"/>, whose keys are in one slot on a Redis Cluster; each write's task ends with its outcome.</summary>
    private async Task WriteAsync(List<PendingWrite> group)
    {
        try
        {
            var keys = new RedisKey[group.Count];
            var values = new RedisValue[group.Count * 2];
            for (var i = 0; i < group.Count; i++)
            {
                keys[i] = group[i].Key;
                values[2 * i] = group[i].Expected;
                values[2 * i + 1] = group[i].Data;
            }
            var versions = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(WriteScript, keys, values))!;
            // Stored means on the replicas too, before the stream entries these states hold are acknowledged.
            await replication.WaitAsync(keys[0]);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Done.TrySetResult((string?)versions[i] ?? "");
            }
        }
        catch (Exception error)
        {
            FailWrites(group, error);
        }
    }

    private void FailWrites(List<PendingWrite> group, Exception error)
    {
        LogGroupFailed(logger, error, name, group.Count);
        var failure = new RedisStorageUnavailableException($"writing to Redis ({name} storage) failed", error);
        foreach (var pending in group)
        {
            pending.Done.TrySetException(failure);
        }
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "Redis {Storage} storage: a group of {Count} state writes failed, each grain's call fails and its batch is retried")]
    private static partial void LogGroupFailed(ILogger logger, Exception error, string storage, int count);
}
