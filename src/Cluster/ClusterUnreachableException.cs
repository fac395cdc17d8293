namespace Cdr.Orleans.Cluster;

/// <summary>The cluster (its gateway, or Redis in durable mode) cannot be reached; the message says what to do.</summary>
public sealed class ClusterUnreachableException : Exception
{
    public ClusterUnreachableException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
