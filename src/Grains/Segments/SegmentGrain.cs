using Orleans.Concurrency;
using Cdr.Orleans.Contracts.Segments;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Rules;

namespace Cdr.Orleans.Grains.Segments;

/// <summary>
/// Counts a segment across the cluster: asks the management grain for the resident subscriber grains, then each of
/// them (<see cref="InFlight"/> at a time) whether the rule holds for its state. Only booleans travel; subscribers
/// are not pulled anywhere. A stateless worker: queries run on the silo that gets them, several at once.
/// </summary>
[StatelessWorker]
public sealed class SegmentGrain : Grain, ISegmentGrain
{
    public const int InFlight = 2_000;

    public async Task<SegmentResult> QueryAsync(string rule, int sample)
    {
        if (SegmentRule.Compile(rule, out var error) is null)
        {
            return new SegmentResult(error, 0, 0, []);
        }
        var prototype = (GrainReference)GrainFactory.GetGrain<ISubscriberGrain>("+0");
        var resident = await GrainFactory.GetGrain<IManagementGrain>(0).GetActiveGrains(prototype.GrainId.Type);
        long matching = 0, considered = 0;
        var found = new List<string>();
        foreach (var chunk in resident.Chunk(InFlight))
        {
            var answers = await Task.WhenAll(chunk.Select(id => GrainFactory.GetGrain<ISubscriberGrain>(id.Key.ToString()!).MatchesAsync(rule)));
            for (var i = 0; i < chunk.Length; i++)
            {
                if (answers[i] is not { } holds)
                {
                    continue;
                }
                considered++;
                if (holds)
                {
                    matching++;
                    found.Add(chunk[i].Key.ToString()!);
                }
            }
        }
        return new SegmentResult(null, matching, considered, [.. found.Order(StringComparer.Ordinal).Take(Math.Max(0, sample))]);
    }
}
