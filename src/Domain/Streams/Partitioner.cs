namespace Cdr.Orleans.Domain.Streams;

/// <summary>
/// Maps a caller's MSISDN to its partition with a hash that is the same in every process and every .NET version
/// (FNV-1a over the characters; string.GetHashCode is randomised per process).
/// </summary>
public static class Partitioner
{
    public static int PartitionOf(string msisdn, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var c in msisdn)
        {
            hash = (hash ^ c) * prime;
        }
        return (int)(hash % (uint)partitions);
    }
}
