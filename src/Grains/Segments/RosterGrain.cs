using Cdr.Orleans.Contracts;
using Cdr.Orleans.Domain.Streams;

namespace Cdr.Orleans.Grains.Segments;

/// <summary>
/// A shard of the subscriber roster, stored in the engine storage. Writes happen only when a number is new, which is
/// once per subscriber in its life: after the first minutes of a run, adds find every number already listed.
/// </summary>
public sealed class RosterGrain(
    [PersistentState("roster", StorageNames.Engine)] IPersistentState<RosterShard> stored) : Grain, IRosterGrain
{
    /// <summary>Shards of the roster: at a million subscribers each holds ~16k numbers (~300 KB stored).</summary>
    public const int Shards = 64;

    public static int ShardOf(string msisdn) => Partitioner.PartitionOf(msisdn, Shards);

    public async Task AddAsync(IReadOnlyList<string> msisdns)
    {
        var added = new List<string>();
        foreach (var msisdn in msisdns)
        {
            if (stored.State.Members.Add(msisdn))
            {
                added.Add(msisdn);
            }
        }
        if (added.Count == 0)
        {
            return;
        }
        try
        {
            await stored.WriteStateAsync();
        }
        catch
        {
            // Not stored: the caller keeps them and sends them again; forget them here so that the next add writes.
            stored.State.Members.ExceptWith(added);
            throw;
        }
    }

    public Task<IReadOnlyList<string>> MembersAsync() => Task.FromResult<IReadOnlyList<string>>([.. stored.State.Members]);
}
