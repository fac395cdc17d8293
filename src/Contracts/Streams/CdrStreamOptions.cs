namespace Cdr.Orleans.Contracts.Streams;

/// <summary>
/// How CDRs travel: the stream provider, its namespace and how many partitions (stream keys) CDRs are spread over.
/// Every process (silos, generator, client) must agree on these, so they live in configuration section
/// <c>Cdr:Stream</c>, read the same way everywhere.
/// </summary>
public sealed class CdrStreamOptions
{
    public const string SectionName = "Cdr:Stream";

    /// <summary>The logical stream provider name; what backs it (memory, Redis) is configuration.</summary>
    public const string ProviderName = "cdr";

    /// <summary>The stream namespace of CDR batches; a partition number is the stream key.</summary>
    public const string Namespace = "cdr";

    /// <summary>Partitions a CDR can go to; bounds parallelism, so keep it well above the silo count. Default 32.</summary>
    public int Partitions { get; set; } = 32;

    /// <summary>
    /// Embedded mode only: the number of in-memory queues behind the stream provider (pulling agents balance them
    /// over the silos). Must be equal in every process of a cluster. Default 8.
    /// </summary>
    public int MemoryQueues { get; set; } = 8;

    /// <summary>Partition batches are published when they hold this many CDRs (or at the flush interval). Default 256.</summary>
    public int BatchSize { get; set; } = 256;

    public string? Validate()
    {
        if (Partitions is < 1 or > 4096)
        {
            return $"{SectionName}:Partitions is {Partitions}; accepted: 1 to 4096";
        }
        if (MemoryQueues is < 1 or > 1024)
        {
            return $"{SectionName}:MemoryQueues is {MemoryQueues}; accepted: 1 to 1024";
        }
        if (BatchSize is < 1 or > 10_000)
        {
            return $"{SectionName}:BatchSize is {BatchSize}; accepted: 1 to 10000";
        }
        return null;
    }
}
