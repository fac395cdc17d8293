using Orleans.Concurrency;

namespace Cdr.Orleans.Contracts.Callees;

/// <summary>
/// The number directory as the cluster holds it (key 0): called numbers and their categories, versioned. Silos poll
/// it and swap their in-memory copy when the version changes.
/// </summary>
public interface IDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Replaces the directory; returns the new version.</summary>
    Task<long> ReplaceAsync(DirectorySnapshot directory);

    /// <summary>The directory when its version differs from <paramref name="knownVersion"/>; otherwise null.</summary>
    [AlwaysInterleave]
    Task<DirectorySnapshot?> GetIfChangedAsync(long knownVersion);
}
