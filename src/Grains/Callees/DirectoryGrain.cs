using Cdr.Orleans.Contracts;
using Cdr.Orleans.Contracts.Callees;

namespace Cdr.Orleans.Grains.Callees;

/// <summary>The cluster's number directory, stored in the engine storage so a restart keeps it.</summary>
public sealed class DirectoryGrain(
    [PersistentState("directory", StorageNames.Engine)] IPersistentState<DirectoryState> stored) : Grain, IDirectoryGrain
{
    public async Task<long> ReplaceAsync(DirectorySnapshot directory)
    {
        var current = stored.State;
        if (current.Source == directory.Source && current.Numbers.Count == directory.Numbers.Count
            && directory.Numbers.All(n => current.Numbers.TryGetValue(n.Key, out var c) && c == n.Value))
        {
            return current.Version; // the same directory again (every silo loads its file at start)
        }
        stored.State = new DirectoryState
        {
            Version = current.Version + 1,
            Numbers = new Dictionary<string, CalleeCategory>(directory.Numbers, StringComparer.Ordinal),
            Source = directory.Source,
        };
        await stored.WriteStateAsync();
        return stored.State.Version;
    }

    public Task<DirectorySnapshot?> GetIfChangedAsync(long knownVersion) => Task.FromResult(
        stored.State.Version == knownVersion ? null : new DirectorySnapshot(stored.State.Version, stored.State.Numbers, stored.State.Source));
}
