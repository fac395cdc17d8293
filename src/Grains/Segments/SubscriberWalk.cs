using System.Runtime.CompilerServices;
using Cdr.Orleans.Contracts.Segments;
using Cdr.Orleans.Contracts.Subscribers;

namespace Cdr.Orleans.Grains.Segments;

/// <summary>
/// Every known subscriber's number, once each, in chunks to ask at once: the resident subscriber grains (one known only
/// since the roster's last update is resident), then the roster's numbers. A segment count and a segment send walk it.
/// </summary>
public static class SubscriberWalk
{
    /// <summary>Subscribers asked at once.</summary>
    public const int InFlight = 2_000;

    public static async IAsyncEnumerable<string[]> ChunksAsync(IGrainFactory grains, ISubscriberRoster roster, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = new SeenNumbers();
        foreach (var chunk in (await ResidentAsync(grains)).Where(seen.Add).Chunk(InFlight))
        {
            yield return chunk;
        }
        await foreach (var page in roster.ReadAsync(cancellationToken))
        {
            foreach (var chunk in page.Where(seen.Add).Chunk(InFlight))
            {
                yield return chunk;
            }
        }
    }

    private static async Task<IEnumerable<string>> ResidentAsync(IGrainFactory grains)
    {
        var prototype = (GrainReference)grains.GetGrain<ISubscriberGrain>("+0");
        var resident = await grains.GetGrain<IManagementGrain>(0).GetActiveGrains(prototype.GrainId.Type);
        return resident.Select(id => id.Key.ToString()!);
    }
}
