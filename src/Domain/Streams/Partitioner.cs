using Cdr.Orleans.Domain.Text;

namespace Cdr.Orleans.Domain.Streams;

/// <summary>Maps a caller's MSISDN to its partition, the same in every process (<see cref="Fnv1a"/>).</summary>
public static class Partitioner
{
    public static int PartitionOf(string msisdn, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        return (int)(Fnv1a.Hash32(msisdn) % (uint)partitions);
    }
}
