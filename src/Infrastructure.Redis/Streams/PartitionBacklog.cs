namespace Cdr.Orleans.Infrastructure.Redis.Streams;

/// <summary>One partition's Redis stream as the engine's consumer group sees it.</summary>
public sealed record PartitionBacklog(int Partition, long Length, long Pending, long? NotYetRead);
