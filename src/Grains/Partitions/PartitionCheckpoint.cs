namespace Cdr.Orleans.Grains.Partitions;

/// <summary>
/// What a partition gave since its last checkpoint: the position of the last batch each subscriber was given (its
/// stored state must reach it before the entries are acknowledged, and the next batch carries it so that a subscriber
/// that lost it sees the gap), and the entries delivered (acknowledged at the checkpoint).
/// </summary>
public sealed class PartitionCheckpoint
{
    private readonly Dictionary<string, long> given = new(StringComparer.Ordinal);
    private readonly HashSet<long> positions = [];

    public bool IsEmpty => positions.Count == 0 && given.Count == 0;

    public int SubscriberCount => given.Count;

    public IReadOnlyCollection<long> Positions => positions;

    /// <summary>
    /// The highest position delivered or given to anyone since the last checkpoint. A batch whose delivery failed part
    /// way was given to some subscribers but is not among <see cref="Positions"/> (it will be delivered again); a
    /// replay up to here still reaches it.
    /// </summary>
    public long LastPosition { get; private set; }

    public long LastGiven(string msisdn) => given.GetValueOrDefault(msisdn);

    public void Given(string msisdn, long position)
    {
        if (position > given.GetValueOrDefault(msisdn))
        {
            given[msisdn] = position;
        }
        LastPosition = Math.Max(LastPosition, position);
    }

    public void Delivered(long position)
    {
        if (position > 0)
        {
            positions.Add(position);
            LastPosition = Math.Max(LastPosition, position);
        }
    }

    public IEnumerable<(string Msisdn, long Position)> GivenTo() => given.Select(g => (g.Key, g.Value));

    public void Clear()
    {
        given.Clear();
        positions.Clear();
        LastPosition = 0;
    }
}
