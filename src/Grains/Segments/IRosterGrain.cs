namespace Cdr.Orleans.Grains.Segments;

/// <summary>
/// One of <see cref="RosterGrain.Shards"/> shards of the list of every known subscriber (a profile or a CDR of its
/// own), so that a segment reaches subscribers whose grains are not resident. Keyed by shard:
/// <see cref="RosterGrain.ShardOf"/>.
/// </summary>
public interface IRosterGrain : IGrainWithIntegerKey
{
    /// <summary>Adds the numbers; returns once the shard that holds any new one is stored.</summary>
    Task AddAsync(IReadOnlyList<string> msisdns);

    Task<IReadOnlyList<string>> MembersAsync();
}
