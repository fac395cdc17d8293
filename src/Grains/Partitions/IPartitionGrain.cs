namespace Cdr.Orleans.Grains.Partitions;

/// <summary>
/// The consumer of one CDR stream partition (key = partition number). Activated by the implicit stream subscription;
/// it has no methods of its own to call.
/// </summary>
public interface IPartitionGrain : IGrainWithStringKey;
