namespace Cdr.Orleans.Infrastructure.Redis.Storage;

/// <summary>Redis did not take a state read or write (unreachable, timed out); the calling batch fails and is delivered again.</summary>
public sealed class RedisStorageUnavailableException(string message, Exception inner) : Exception(message, inner);
