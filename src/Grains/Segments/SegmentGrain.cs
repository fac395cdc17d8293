using Orleans.Concurrency;
using Cdr.Orleans.Contracts.Segments;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Rules;

namespace Cdr.Orleans.Grains.Segments;

/// <summary>
/// Counts a segment across the cluster. The subscribers are those of <see cref="SubscriberWalk"/>, each met once; each
/// is asked (<see cref="SubscriberWalk.InFlight"/> at a time) whether the rule holds for its state, so only booleans travel and a subscriber whose grain is not
/// resident is activated to answer. A stateless worker: queries run on the silo that gets them.
/// </summary>
[StatelessWorker]
public sealed class SegmentGrain(ISubscriberRoster roster) : Grain, ISegmentGrain
{
    public async Task<SegmentResult> QueryAsync(string rule, int sample, CancellationToken cancellationToken = default)
    {
        if (SegmentRule.Compile(rule, out var error) is null)
        {
            return new SegmentResult(error, 0, 0, []);
        }
        long matching = 0, considered = 0;
        var found = new List<string>();
        await foreach (var chunk in SubscriberWalk.ChunksAsync(GrainFactory, roster, cancellationToken))
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
        return new SegmentResult(null, matching, considered, [.. found.Order(StringComparer.Ordinal).Take(Math.Max(0, sample))]);
    }
}
