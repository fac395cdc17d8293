using System.Text.Json;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Responses;
using Cdr.Orleans.Infrastructure.Redis.Streams;
using StackExchange.Redis;

namespace Cdr.Orleans.Infrastructure.Redis.Offers;

/// <summary>
/// Durable mode's offer sink: each decision is added to the Redis stream <see cref="RedisStreamOptions.OfferStreamKey"/>
/// once. A guard key per offer id, kept for <paramref name="keep"/> (the guard period, or the response window when
/// longer), is set in the same server-side script as the XADD, so a decision stored again after a redelivery is refused
/// atomically; it holds what a response needs of the decision (<see cref="RedisOfferResponses"/>). Entries carry the id,
/// campaign, subscriber and outcome as fields, and the whole decision as JSON, for other tools to read.
/// </summary>
public sealed class RedisOfferSink(IConnectionMultiplexer redis, RedisStreamOptions options, TimeSpan keep, Microsoft.Extensions.Logging.ILogger<RedisOfferSink> logger) : IOfferSink
{
    private readonly RedisReplication replication = new(redis, logger);

    private const string AddOnce = """
        if redis.call('SET', KEYS[1], ARGV[8], 'NX', 'EX', ARGV[1]) then
          return redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'id', ARGV[3], 'campaign', ARGV[4], 'msisdn', ARGV[5], 'outcome', ARGV[6], 'decision', ARGV[7])
        end
        return false
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task PublishAsync(IReadOnlyList<OfferDecision> decisions, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var ttl = (long)Math.Max(options.OfferGuard.TotalSeconds, keep.TotalSeconds);
        var writes = decisions.Select(d => database.ScriptEvaluateAsync(AddOnce,
            [options.OfferGuardKeyOf(d.Id), options.OfferStreamKey],
            [ttl, options.OfferMaxLength, d.Id, d.CampaignId, d.Msisdn, RedisOfferResponses.OutcomeName(d.Outcome, d.GlobalControl), JsonSerializer.Serialize(d, Json),
                RedisOfferResponses.Summary(AnsweredOffer.Of(d))]));
        await Task.WhenAll(writes).WaitAsync(cancellationToken);
        await replication.WaitAsync(options.OfferStreamKey);
    }
}
