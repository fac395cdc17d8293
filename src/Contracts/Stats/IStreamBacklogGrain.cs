namespace Cdr.Orleans.Contracts.Stats;

/// <summary>
/// The CDR stream's backlog, read by the silo that takes the call (a stateless worker there): null in embedded mode,
/// whose stream is in memory. Key: 0.
/// </summary>
public interface IStreamBacklogGrain : IGrainWithIntegerKey
{
    Task<StreamBacklogReport?> ReadAsync();
}
