using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain.Cdrs;
using Cdr.Orleans.Grains.Stats;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cdr.Orleans.Grains.Subscribers;

/// <summary>
/// Where a subscriber grain puts a CDR it could not apply: counted and kept (the latest few) for <c>stats</c>, logged
/// with the subscriber masked, and handed to the <see cref="IDeadLetterSink"/> when the silo has one (durable mode:
/// the Redis dead-letter stream). A sink that fails fails the batch, whose letters wait in the subscriber's state
/// until the sink takes them (<see cref="SubscriberGrain"/>).
/// </summary>
public sealed partial class DeadLetterOutbox(
    EngineCounters counters, IServiceProvider services, TimeProvider time, ILogger<DeadLetterOutbox> logger, Infrastructure.History.HistoryWriter? history = null)
{
    private readonly IDeadLetterSink? sink = services.GetService<IDeadLetterSink>();

    public DeadLetter Letter(int partition, string subscriber, CallDetailRecord cdr, Exception error) =>
        new(partition, subscriber, cdr.Id ?? "", Msisdn.MaskAll($"{error.GetType().Name}: {error.Message}"), time.GetUtcNow().UtcDateTime);

    /// <summary>
    /// Hands the letters to the sink, then counts and logs them: letters a failing sink did not take are counted when
    /// they are given again. <paramref name="logEach"/> false: the caller logs them in its own words (a feed's records
    /// that are not CDRs belong to no subscriber).
    /// </summary>
    public async ValueTask AddAsync(IReadOnlyList<DeadLetter> letters, bool logEach = true)
    {
        if (sink is not null)
        {
            foreach (var letter in letters)
            {
                await sink.AddAsync(letter);
            }
        }
        history?.AddDeadLetters(letters);
        foreach (var letter in letters)
        {
            counters.DeadLettered(letter);
            if (!logEach)
            {
                continue;
            }
            LogSetAside(logger, Msisdn.Mask(letter.Subscriber), letter.CdrId, letter.Partition, letter.Reason);
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Error, Message = "Subscriber {Msisdn}: CDR {CdrId} of partition {Partition} could not be applied and is set aside as a dead letter: {Reason}")]
    private static partial void LogSetAside(ILogger logger, string msisdn, string cdrId, int partition, string reason);
}
