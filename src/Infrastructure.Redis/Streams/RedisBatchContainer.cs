using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Cdr.Orleans.Infrastructure.Redis.Streams;

/// <summary>
/// One Redis stream entry: the events one publish call queued for one stream. Its sequence token comes from the
/// entry id, so it is the entry's place in its partition for ever (Redis never reuses a smaller id), which is what
/// subscribers use to apply each entry once.
/// </summary>
[GenerateSerializer, Alias("redis-batch.v1")]
public sealed class RedisBatchContainer : IBatchContainer
{
    [Id(0)] public StreamId StreamId { get; set; }

    [Id(1)] public List<object> Events { get; set; } = [];

    [Id(2)] public Dictionary<string, object>? RequestContext { get; set; }

    [Id(3)] public EventSequenceTokenV2 Token { get; set; } = new(0);

    public StreamSequenceToken SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Events.OfType<T>().Select((e, i) => Tuple.Create(e, (StreamSequenceToken)Token.CreateSequenceTokenForEvent(i)));

    public bool ImportRequestContext()
    {
        if (RequestContext is null)
        {
            return false;
        }
        foreach (var (key, value) in RequestContext)
        {
            global::Orleans.Runtime.RequestContext.Set(key, value);
        }
        return true;
    }

    /// <summary>A Redis entry id ("1700000000000-3") as one ordered number: milliseconds, then the sequence in 16 bits.</summary>
    public static long PositionOf(string entryId)
    {
        var dash = entryId.IndexOf('-', StringComparison.Ordinal);
        var ms = long.Parse(entryId.AsSpan(0, dash), System.Globalization.CultureInfo.InvariantCulture);
        var seq = long.Parse(entryId.AsSpan(dash + 1), System.Globalization.CultureInfo.InvariantCulture);
        return (ms << 16) | Math.Min(seq, 0xFFFF);
    }

    /// <summary>The entry id of a position made by <see cref="PositionOf"/>.</summary>
    public static string EntryIdOf(long position) =>
        $"{(position >> 16).ToString(System.Globalization.CultureInfo.InvariantCulture)}-{(position & 0xFFFF).ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
