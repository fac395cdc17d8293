using Cdr.Orleans.Infrastructure.Storage;
using Orleans.Storage;

namespace Cdr.Orleans.Grains.Storage;

/// <summary>
/// Grain storage in files, one per grain, for embedded mode's few engine grains (the campaign registry, budgets), so
/// that campaigns survive a silo restart without Redis. Binary Orleans serialization; each write goes to a temporary
/// file that then replaces the old one, so a crash mid-write leaves the previous state, never half of one.
/// Not for subscriber state: a file per subscriber would be slow and embedded mode keeps that in memory.
/// </summary>
public sealed class FileGrainStorage(string directory, IGrainStorageSerializer serializer) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.RecordExists = false;
            return;
        }
        var bytes = await File.ReadAllBytesAsync(path);
        try
        {
            grainState.State = serializer.Deserialize<T>(new BinaryData(bytes));
        }
        catch (Exception error)
        {
            throw UnreadableState.Of(stateName, grainId, $"file {path}", error);
        }
        grainState.RecordExists = true;
        grainState.ETag = File.GetLastWriteTimeUtc(path).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            await file.WriteAsync(serializer.Serialize(grainState.State).ToMemory());
        }
        File.Move(temporary, path, overwrite: true);
        grainState.RecordExists = true;
        grainState.ETag = File.GetLastWriteTimeUtc(path).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        File.Delete(PathOf(stateName, grainId));
        grainState.RecordExists = false;
        grainState.ETag = null;
        return Task.CompletedTask;
    }

    private string PathOf(string stateName, GrainId grainId)
    {
        var name = $"{grainId.Type}-{grainId.Key}";
        var safe = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        return Path.Combine(directory, stateName, safe + ".bin");
    }
}
