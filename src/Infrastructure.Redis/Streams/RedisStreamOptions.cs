using Cdr.Orleans.Infrastructure.Hosting;
using Microsoft.Extensions.Configuration;

namespace Cdr.Orleans.Infrastructure.Redis.Streams;

/// <summary>How durable mode carries CDRs on Redis Streams. Section <c>Cdr:RedisStreams</c>; every process must agree on the keys.</summary>
public sealed class RedisStreamOptions
{
    public const string SectionName = "Cdr:RedisStreams";

    /// <summary>Partition p's entries live in the Redis stream "{KeyPrefix}{p&lt;p&gt;}" (see <see cref="KeyOf"/>). Default "cdr:partition:".</summary>
    public string KeyPrefix { get; set; } = "cdr:partition:";

    /// <summary>The consumer group the silos read each partition stream with. Default "cdr-engine".</summary>
    public string Group { get; set; } = "cdr-engine";

    /// <summary>Entries that cannot be decoded go here, with the reason, partition and position. Default "cdr:dead-letters".</summary>
    public string DeadLetterKey { get; set; } = "cdr:dead-letters";

    /// <summary>
    /// Durable mode's offer sink: every offer decision is added once to the Redis stream "{OfferKey}" (see
    /// <see cref="OfferStreamKey"/>). Default "cdr:offers".
    /// </summary>
    public string OfferKey { get; set; } = "cdr:offers";

    /// <summary>
    /// How long an offer id is remembered to refuse a second copy: a redelivered batch comes within minutes, a replay
    /// within the backlog's bound. One key per offer while it lasts. Default 1 day.
    /// </summary>
    public TimeSpan OfferGuard { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The offer stream is trimmed to about this many entries (the oldest go). Default 1,000,000.</summary>
    public int OfferMaxLength { get; set; } = 1_000_000;

    /// <summary>The dead-letter stream is trimmed to about this many entries (the oldest go). Default 100,000.</summary>
    public int DeadLetterMaxLength { get; set; } = 100_000;

    /// <summary>
    /// The most entries (batches of CDRs) a partition's stream holds before a publisher is pushed back and waits: entries
    /// stay until applied and acknowledged, so while the engine cannot acknowledge (checkpoints failing) the stream would
    /// otherwise grow without bound. Default 2,000 (about 2,000 x the batch size x 70 bytes per partition).
    /// </summary>
    public int MaxBacklog { get; set; } = 2_000;

    /// <summary>Entries one read takes from a partition (XREADGROUP COUNT). Default 16 (each entry is a batch of CDRs).</summary>
    public int ReadCount { get; set; } = 16;

    /// <summary>
    /// How long a partition's reader keeps it without reading: a reader that has not read for this long (its silo died or
    /// hangs) lets another take the partition over, with everything it left unacknowledged (XAUTOCLAIM). Default 15 s.
    /// </summary>
    public TimeSpan ClaimIdle { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The <c>Cdr:RedisStreams</c> section (defaults where absent); a bad value throws, saying what is accepted.</summary>
    public static RedisStreamOptions From(IConfiguration configuration) =>
        configuration.ReadSettings<RedisStreamOptions>(SectionName, o => o.Validate());

    /// <summary>
    /// Partition p's stream, "cdr:partition:{p7}": the braces are Redis Cluster's hash tag, so the stream, its reader
    /// fence and the states of the subscribers whose CDRs it carries (<see cref="RedisSlots.PartitionTag"/>) are in one
    /// slot, on one master, replicated in the order they were written.
    /// </summary>
    public string KeyOf(int partition) => KeyPrefix + RedisSlots.PartitionTag(partition);

    /// <summary>The key naming the one reader that may take new entries of a partition: "{KeyPrefix}{p&lt;p&gt;}:reader".</summary>
    public string ReaderKeyOf(int partition) => KeyOf(partition) + ":reader";

    /// <summary>The offer stream, "{cdr:offers}": its own hash tag, which the guard keys share (one script sets a guard and adds the offer).</summary>
    public string OfferStreamKey => "{" + OfferKey + "}";

    /// <summary>
    /// The key that remembers an offer for <see cref="OfferGuard"/> (or the response window when longer):
    /// "{cdr:offers}:seen:ID", in the offer stream's slot. It holds what a response needs of the decision.
    /// </summary>
    public string OfferGuardKeyOf(string offerId) => OfferStreamKey + ":seen:" + offerId;

    /// <summary>An offer's response, once given: "{cdr:offers}:answered:ID", kept as long as the offer's guard.</summary>
    public string AnsweredKeyOf(string offerId) => OfferStreamKey + ":answered:" + offerId;

    /// <summary>Every response recorded, in order, for other tools to read: "{cdr:offers}:responses", trimmed like the offer stream.</summary>
    public string ResponseStreamKey => OfferStreamKey + ":responses";

    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(KeyPrefix) || string.IsNullOrWhiteSpace(Group) || string.IsNullOrWhiteSpace(DeadLetterKey))
        {
            return $"{SectionName}: KeyPrefix, Group and DeadLetterKey must not be empty";
        }
        if (new[] { KeyPrefix, OfferKey }.Any(k => k.Contains('{', StringComparison.Ordinal) || k.Contains('}', StringComparison.Ordinal)))
        {
            return $"{SectionName}: KeyPrefix and OfferKey must not hold braces: the engine adds the Redis Cluster hash tags itself";
        }
        if (string.IsNullOrWhiteSpace(OfferKey) || OfferGuard < TimeSpan.FromMinutes(1) || OfferMaxLength < 1_000)
        {
            return $"{SectionName}: OfferKey must not be empty, OfferGuard at least 00:01:00 and OfferMaxLength at least 1000";
        }
        if (DeadLetterMaxLength < 1_000)
        {
            return $"{SectionName}:DeadLetterMaxLength is {DeadLetterMaxLength}; accepted: 1000 or more";
        }
        if (MaxBacklog is < 10 or > 10_000_000)
        {
            return $"{SectionName}:MaxBacklog is {MaxBacklog}; accepted: 10 to 10000000 entries per partition";
        }
        if (ReadCount is < 1 or > 1000)
        {
            return $"{SectionName}:ReadCount is {ReadCount}; accepted: 1 to 1000";
        }
        if (ClaimIdle < TimeSpan.FromSeconds(1) || ClaimIdle > TimeSpan.FromHours(1))
        {
            return $"{SectionName}:ClaimIdle is {ClaimIdle}; accepted: 00:00:01 to 01:00:00";
        }
        return null;
    }
}
