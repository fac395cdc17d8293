namespace Cdr.Orleans.Infrastructure.Redis;

/// <summary>
/// Redis Cluster's hash tags, in one place. A Redis Cluster keeps a key in the slot of the part between its first
/// braces, and a script may only touch keys of one slot; so every key a script touches carries the same tag, and what
/// must be replicated in order (a partition's stream, its fence, its subscribers' states) shares a tag too.
/// </summary>
public static class RedisSlots
{
    /// <summary>The tag of stream partition p and of the subscribers whose CDRs it carries: "{p7}".</summary>
    public static string PartitionTag(int partition) =>
        "{p" + partition.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
}
