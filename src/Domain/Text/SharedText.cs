using System.Collections.Concurrent;
using Cdr.Orleans.Contracts.Subscribers;

namespace Cdr.Orleans.Domain.Text;

/// <summary>
/// One copy per silo of the few texts that a million profiles repeat (operator, home region): each profile read from
/// storage or received in a call brings its own copies, about 80 bytes of heap per resident subscriber. Bounded: past
/// its capacity in distinct texts (a feed of hostile or unusual profiles), a text is kept as it came.
/// </summary>
public sealed class SharedText(int capacity)
{
    /// <summary>The silo's pool, for profiles.</summary>
    public static SharedText Profiles { get; } = new(16_384);

    private readonly ConcurrentDictionary<string, string> pool = new(StringComparer.Ordinal);

    public int Capacity => capacity;

    public string Of(string text)
    {
        if (pool.TryGetValue(text, out var shared))
        {
            return shared;
        }
        return pool.Count < capacity ? pool.GetOrAdd(text, text) : text;
    }

    /// <summary>The profile with its repeated texts shared; the same profile when they already are.</summary>
    public SubscriberProfile Of(SubscriberProfile profile)
    {
        var (region, @operator) = (Of(profile.HomeRegion), Of(profile.Operator));
        return ReferenceEquals(region, profile.HomeRegion) && ReferenceEquals(@operator, profile.Operator)
            ? profile
            : profile with { HomeRegion = region, Operator = @operator };
    }
}
