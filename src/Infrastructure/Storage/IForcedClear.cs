namespace Cdr.Orleans.Infrastructure.Storage;

/// <summary>A grain storage that can delete a stored state without reading it: the way out for one that cannot be read.</summary>
public interface IForcedClear
{
    /// <summary>Deletes the stored <paramref name="stateName"/> of <paramref name="grainId"/>, whatever it holds; false when there was none.</summary>
    Task<bool> ForceClearAsync(string stateName, GrainId grainId);
}
