namespace Cdr.Orleans.Infrastructure.Redis.Storage;

/// <summary>
/// Redis did not take a state read or write (unreachable, timed out, a master failing over); the calling batch fails
/// and is delivered again. It crosses grain calls, so it is serializable, and it carries Redis's error as text rather
/// than as an inner exception, whose StackExchange.Redis type Orleans cannot serialize (the write path logs it whole).
/// </summary>
[GenerateSerializer]
public sealed class RedisStorageUnavailableException : Exception
{
    public RedisStorageUnavailableException(string message, Exception cause)
        : base($"{message}: {cause.GetType().Name}: {cause.Message}")
    {
    }
}
