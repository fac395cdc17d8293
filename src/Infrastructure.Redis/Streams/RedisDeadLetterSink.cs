using Cdr.Orleans.Contracts.Cdrs;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cdr.Orleans.Infrastructure.Redis.Streams;

/// <summary>
/// Durable mode's dead letters for CDRs a subscriber could not apply: added to <see cref="RedisStreamOptions.DeadLetterKey"/>
/// (the stream that also takes entries that cannot be decoded) with the partition, subscriber, CDR id and reason.
/// A write that fails is logged, never thrown: the CDR is counted in <c>stats</c> either way.
/// </summary>
public sealed partial class RedisDeadLetterSink(IConnectionMultiplexer redis, RedisStreamOptions options, ILogger<RedisDeadLetterSink> logger) : IDeadLetterSink
{
    public async ValueTask AddAsync(DeadLetter letter)
    {
        try
        {
            await redis.GetDatabase().StreamAddAsync(options.DeadLetterKey,
            [
                new NameValueEntry("partition", letter.Partition),
                new NameValueEntry("subscriber", letter.Subscriber),
                new NameValueEntry("cdr", letter.CdrId),
                new NameValueEntry("reason", letter.Reason),
                new NameValueEntry("at", letter.AtUtc.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            ], maxLength: options.DeadLetterMaxLength, useApproximateMaxLength: true);
        }
        catch (Exception ex)
        {
            LogNotWritten(logger, ex, letter.CdrId, letter.Partition);
        }
    }

    [LoggerMessage(EventId = 2104, Level = LogLevel.Error, Message = "Dead letter of CDR {CdrId} (partition {Partition}) not written to Redis; it is counted in stats only")]
    private static partial void LogNotWritten(ILogger logger, Exception error, string cdrId, int partition);
}
