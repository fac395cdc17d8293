namespace Cdr.Orleans.Contracts.Cdrs;

/// <summary>
/// Where a silo keeps the CDRs it set aside, besides counting them in <c>stats</c>: durable mode writes them to the
/// Redis dead-letter stream. An implementation never throws: a dead letter it cannot keep is logged.
/// </summary>
public interface IDeadLetterSink
{
    ValueTask AddAsync(DeadLetter letter);
}
