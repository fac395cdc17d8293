namespace Cdr.Orleans.Infrastructure.Storage;

/// <summary>
/// The one error for stored grain state that is there but cannot be decoded (damaged bytes, or written by a build whose
/// types this one cannot read). The grain does not activate, so nothing overwrites what is stored: it can be restored
/// or looked at, and nothing else stops.
/// </summary>
public static class UnreadableState
{
    public static InvalidDataException Of(string stateName, GrainId grainId, string where, Exception error) => new(
        $"the stored '{stateName}' state of {grainId} ({where}) cannot be read: {error.GetType().Name}: {error.Message.Split('\n')[0].Trim()}. " +
        "It is left as it is; restore it from a backup, or delete it to start afresh", error);
}
