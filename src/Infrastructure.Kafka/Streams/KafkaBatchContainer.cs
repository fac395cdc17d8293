using Cdr.Orleans.Contracts.Cdrs;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Cdr.Orleans.Infrastructure.Kafka.Streams;

/// <summary>
/// Consecutive messages of one Kafka partition as one batch of its engine partition. Its token is the last message's
/// position (<see cref="KafkaCdrBatches.PositionOf"/>); <see cref="CdrBatch.Positions"/> gives each CDR its own message's.
/// </summary>
[GenerateSerializer, Alias("kafka-batch.v1")]
public sealed class KafkaBatchContainer : IBatchContainer
{
    [Id(0)] public StreamId StreamId { get; set; }

    [Id(1)] public CdrBatch Batch { get; set; } = null!;

    [Id(2)] public EventSequenceTokenV2 Token { get; set; } = new(0);

    public StreamSequenceToken SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Batch is T batch ? [Tuple.Create(batch, (StreamSequenceToken)Token)] : [];

    public bool ImportRequestContext() => false;
}
