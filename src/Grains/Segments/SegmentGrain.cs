using Orleans.Concurrency;
using Cdr.Orleans.Contracts.Segments;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Rules;

namespace Cdr.Orleans.Grains.Segments;

/// <summary>
/// Counts a segment across the cluster. Shard by shard, the subscribers are the roster's numbers plus the resident
/// subscriber grains (one enlisted in the last second may not have reached the roster yet); each is asked
/// (<see cref="InFlight"/> at a time) whether the rule holds for its state, so only booleans travel and a subscriber
/// whose grain is not resident is activated to answer. A stateless worker: queries run on the silo that gets them.
/// </summary>
[StatelessWorker]
public sealed class SegmentGrain : Grain, ISegmentGrain
{
    public const int InFlight = 2_000;

    public async Task<SegmentResult> QueryAsync(string rule, int sample, CancellationToken cancellationToken = default)
    {
        if (SegmentRule.Compile(rule, out var error) is null)
        {
            return new SegmentResult(error, 0, 0, []);
        }
        var residentByShard = (await ResidentAsync()).ToLookup(RosterGrain.ShardOf);
        long matching = 0, considered = 0;
        var found = new List<string>();
        for (var shard = 0; shard < RosterGrain.Shards; shard++)
        {
            var members = new HashSet<string>(await GrainFactory.GetGrain<IRosterGrain>(shard).MembersAsync(), StringComparer.Ordinal);
            members.UnionWith(residentByShard[shard]);
            foreach (var chunk in members.Chunk(InFlight))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var answers = await Task.WhenAll(chunk.Select(msisdn => GrainFactory.GetGrain<ISubscriberGrain>(msisdn).MatchesAsync(rule)));
                for (var i = 0; i < chunk.Length; i++)
                {
                    if (answers[i] is not { } holds)
                    {
                        continue; // not a subscriber (a callee that is not ours)
                    }
                    considered++;
                    if (holds)
                    {
                        matching++;
                        found.Add(chunk[i]);
                    }
                }
            }
        }
        return new SegmentResult(null, matching, considered, [.. found.Order(StringComparer.Ordinal).Take(Math.Max(0, sample))]);
    }

    private async Task<IEnumerable<string>> ResidentAsync()
    {
        var prototype = (GrainReference)GrainFactory.GetGrain<ISubscriberGrain>("+0");
        var resident = await GrainFactory.GetGrain<IManagementGrain>(0).GetActiveGrains(prototype.GrainId.Type);
        return resident.Select(id => id.Key.ToString()!);
    }
}
