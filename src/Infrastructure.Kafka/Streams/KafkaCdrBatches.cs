using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain.Cdrs;
using Cdr.Orleans.Domain.Files;
using Confluent.Kafka;

namespace Cdr.Orleans.Infrastructure.Kafka.Streams;

/// <summary>
/// Consecutive messages of one partition as one <see cref="CdrBatch"/>: every record of every message (<see cref="CdrMessages"/>),
/// each at its message's position (<see cref="PositionOf"/>), and a dead letter for each record that is not a CDR, naming the topic,
/// partition and offset it came in.
/// </summary>
public static class KafkaCdrBatches
{
    /// <summary>
    /// Where Kafka positions start: 2^62, above every position of the engine's Redis stream (milliseconds since 1970
    /// shifted by 16 bits, below it until the year 2248). Subscribers keep the newest position they applied per
    /// partition, so a durable cluster that moves its CDRs from the Redis stream to a Kafka topic reads the topic's
    /// first messages as new rather than as long applied.
    /// </summary>
    public const long PositionBase = 1L << 62;

    /// <summary>The message's position in its partition: <see cref="PositionBase"/> + its offset + 1.</summary>
    public static long PositionOf(long offset) => PositionBase + offset + 1;

    /// <summary>The offset after the message at <paramref name="position"/>: what a commit of it stores, where a reader goes on.</summary>
    public static long OffsetAfter(long position) => position - PositionBase;

    public static (CdrBatch Batch, long Position, List<DeadLetter> Letters) From(int partition, IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> messages, DateTime now)
    {
        var cdrs = new List<CallDetailRecord>(messages.Count);
        var positions = new List<long>(messages.Count);
        var letters = new List<DeadLetter>();
        foreach (var message in messages)
        {
            var source = CdrMessages.Source(message.Topic, partition, message.Offset.Value);
            var position = PositionOf(message.Offset.Value);
            var records = CdrMessages.Parse(message.Message.Value ?? [], source);
            for (var i = 0; i < records.Count; i++)
            {
                if (records[i].Record is { } cdr)
                {
                    cdrs.Add(cdr);
                    positions.Add(position);
                }
                else
                {
                    var caller = CallerOf(message.Message.Key);
                    letters.Add(new DeadLetter(partition, caller, records.Count == 1 ? source : $"{source}:{i + 1}",
                        Msisdn.MaskAll($"not a CDR: topic {message.Topic}, partition {partition}, offset {message.Offset.Value}, {records[i].Rejection}"), now));
                }
            }
        }
        var published = messages[0].Message.Timestamp.Type == TimestampType.NotAvailable ? now : messages[0].Message.Timestamp.UtcDateTime;
        return (new CdrBatch(partition, cdrs, published, positions), PositionOf(messages[^1].Offset.Value), letters);
    }

    /// <summary>The message's key when it is a phone number (the subscriber the producer keyed it by), else "".</summary>
    private static string CallerOf(byte[]? key) =>
        key is { Length: > 0 and <= 32 } && key.All(b => b is (byte)'+' or >= (byte)'0' and <= (byte)'9') ? System.Text.Encoding.ASCII.GetString(key) : "";
}
