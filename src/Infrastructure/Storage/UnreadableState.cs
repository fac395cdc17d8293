namespace Cdr.Orleans.Infrastructure.Storage;

/// <summary>
/// The one error for stored grain state that is there but cannot be decoded (damaged bytes, or written by a build whose
/// types this one cannot read). The grain does not activate, so nothing overwrites what is stored: it can be restored
/// or looked at, and nothing else stops.
/// </summary>
public static class UnreadableState
{
    private const string Marker = "cannot be read: ";

    /// <summary>
    /// The reason, when <paramref name="error"/> (or what it wraps: Orleans passes a failed activation on inside its
    /// own exceptions) is stored state that cannot be read; null for any other failure.
    /// </summary>
    public static string? ReasonOf(Exception? error)
    {
        for (var depth = 0; error is not null && depth < 8; depth++)
        {
            if (error is InvalidDataException && error.Message.Contains(Marker, StringComparison.Ordinal))
            {
                return error.Message;
            }
            error = error is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : error.InnerException;
        }
        return null;
    }

    public static InvalidDataException Of(string stateName, GrainId grainId, string where, Exception error) => new(
        $"the stored '{stateName}' state of {grainId} ({where}) {Marker}{error.GetType().Name}: {error.Message.Split('\n')[0].Trim()}. " +
        "It is left as it is; restore it from a backup, or delete it to start afresh", error);
}
