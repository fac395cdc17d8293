namespace Cdr.Orleans.Infrastructure.Hosting;

public sealed class ClusterUnreachableException(string message, Exception inner) : Exception(message, inner);
