using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;

namespace Cdr.Orleans.Tests.Partitions;

/// <summary>A partition stream that keeps its entries until they are acknowledged, in memory.</summary>
internal sealed class FakePartitionLog : IPartitionLog
{
    private readonly SortedDictionary<long, CdrBatch> entries = [];

    public List<long> Acknowledged { get; } = [];

    /// <summary>When true, acknowledging fails (Redis away).</summary>
    public bool Unreachable { get; set; }

    public int Reads { get; private set; }

    public long Append(CdrBatch batch)
    {
        var position = entries.Count == 0 ? 1 : entries.Keys.Max() + 1;
        entries[position] = batch;
        return position;
    }

    public IReadOnlyCollection<long> Retained => entries.Keys;

    public Task<IReadOnlyList<(long Position, CdrBatch Batch)>> ReadRetainedAsync(int partition, long before)
    {
        Reads++;
        return Task.FromResult<IReadOnlyList<(long, CdrBatch)>>([.. entries.Where(e => e.Key < before).Select(e => (e.Key, e.Value))]);
    }

    public Task AcknowledgeAsync(int partition, IReadOnlyCollection<long> positions)
    {
        if (Unreachable)
        {
            throw new TimeoutException("the log is unreachable");
        }
        foreach (var position in positions)
        {
            entries.Remove(position);
            Acknowledged.Add(position);
        }
        return Task.CompletedTask;
    }
}
