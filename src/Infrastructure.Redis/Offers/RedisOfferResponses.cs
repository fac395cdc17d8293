using System.Globalization;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Responses;
using Cdr.Orleans.Domain.Responses;
using Cdr.Orleans.Infrastructure.Redis.Streams;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cdr.Orleans.Infrastructure.Redis.Offers;

/// <summary>
/// Durable mode's response store, beside the offer stream and in its slot. One script per response: the offer's guard
/// key (<see cref="RedisOfferSink"/>) says whose decision it was and when; the answered key, set only if absent, keeps
/// the first response as long as the guard lasts; and the response is added to the response stream
/// (<see cref="RedisStreamOptions.ResponseStreamKey"/>: id, campaign, msisdn, outcome, response, at, source), trimmed like
/// the offer stream. Written with the same replication wait as the offers, so a response survives a restart and a
/// failover as the state does.
/// </summary>
public sealed class RedisOfferResponses(IConnectionMultiplexer redis, RedisStreamOptions options, ILogger<RedisOfferResponses> logger) : IOfferResponseStore
{
    private readonly RedisReplication replication = new(redis, logger);

    // Returns {result, summary, earlier}: 1 recorded, 0 no such offer, 2 answered before (with that answer), 3 past the window.
    // A guard written before responses were kept holds "1" and no summary: that offer is not known here.
    private const string Record = """
        local offer = redis.call('GET', KEYS[1])
        if not offer or not string.find(offer, '\t', 1, true) then
          return {0}
        end
        local earlier = redis.call('GET', KEYS[2])
        if earlier then
          return {2, offer, earlier}
        end
        local campaign, msisdn, outcome, explored, decided = string.match(offer, '^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$')
        if tonumber(ARGV[2]) - tonumber(decided) > tonumber(ARGV[4]) then
          return {3, offer}
        end
        local ttl = redis.call('PTTL', KEYS[1])
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ttl > 0 and ttl or tonumber(ARGV[4]))
        redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', 'id', ARGV[6], 'campaign', campaign, 'msisdn', msisdn, 'outcome', outcome,
          'response', ARGV[1], 'at', ARGV[2], 'source', ARGV[3])
        return {1, offer}
        """;

    public async Task<RecordedResponse> RecordAsync(OfferAnswer answer, TimeSpan window, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Record,
            [options.OfferGuardKeyOf(answer.OfferId), options.AnsweredKeyOf(answer.OfferId), options.ResponseStreamKey],
            [Word(answer.Response), UnixMs(answer.AtUtc), answer.Source, (long)window.TotalMilliseconds,
                options.OfferMaxLength, answer.OfferId]).WaitAsync(cancellationToken))!;
        var code = (int)result[0];
        var offer = result.Length > 1 ? Parse(answer.OfferId, (string)result[1]!) : null;
        if (code == 1)
        {
            await replication.WaitAsync(options.ResponseStreamKey);
        }
        return code switch
        {
            1 => new RecordedResponse(RespondResult.Recorded, offer),
            2 => new RecordedResponse(RespondResult.AlreadyAnswered, offer, ResponseOf((string)result[2]!)),
            3 => new RecordedResponse(RespondResult.Expired, offer),
            _ => new RecordedResponse(RespondResult.NotFound),
        };
    }

    /// <summary>
    /// What the guard key holds: campaign, msisdn, outcome (as the offer stream writes it, <see cref="OutcomeName"/>),
    /// explored (1, 0), decided (Unix ms), tab-separated.
    /// </summary>
    public static string Summary(AnsweredOffer offer) => string.Join('\t',
        offer.CampaignId, offer.Msisdn, OutcomeName(offer.Outcome, offer.GlobalControl), offer.Explored ? "1" : "0",
        UnixMs(offer.DecidedUtc).ToString(CultureInfo.InvariantCulture));

    public static AnsweredOffer? Parse(string offerId, string summary)
    {
        var parts = summary.Split('\t');
        if (parts.Length != 5 || !long.TryParse(parts[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var decided))
        {
            return null;
        }
        return new AnsweredOffer(offerId, parts[0], parts[1], parts[2] == "sent" ? OfferOutcome.Sent : OfferOutcome.HeldOut, parts[3] == "1",
            DateTimeOffset.FromUnixTimeMilliseconds(decided).UtcDateTime, parts[2] == PolicyRules.GlobalControl);
    }

    /// <summary>An outcome as the offer stream's <c>outcome</c> field and the response stream write it: sent, held-out, global-control.</summary>
    public static string OutcomeName(OfferOutcome outcome, bool globalControl) =>
        outcome == OfferOutcome.Sent ? "sent" : globalControl ? PolicyRules.GlobalControl : "held-out";

    private static string Word(OfferResponse response) => response is OfferResponse.None
        ? throw new ArgumentOutOfRangeException(nameof(response), response, "a response is accepted, declined or stopped")
        : ResponseWords.Name(response);

    private static OfferResponse ResponseOf(string word) => ResponseWords.Parse(word) ?? OfferResponse.None;

    private static long UnixMs(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
}
