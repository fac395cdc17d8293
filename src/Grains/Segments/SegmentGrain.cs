using Orleans.Concurrency;
using Cdr.Orleans.Contracts.Segments;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Rules;

namespace Cdr.Orleans.Grains.Segments;

/// <summary>
/// Counts a segment across the cluster. The subscribers are the resident subscriber grains (one known only since the
/// roster's last update is resident) plus the roster's numbers, each met once; each is asked (<see cref="InFlight"/>
/// at a time) whether the rule holds for its state, so only booleans travel and a subscriber whose grain is not
/// resident is activated to answer. A stateless worker: queries run on the silo that gets them.
/// </summary>
[StatelessWorker]
public sealed class SegmentGrain(ISubscriberRoster roster) : Grain, ISegmentGrain
{
    public const int InFlight = 2_000;

    public async Task<SegmentResult> QueryAsync(string rule, int sample, CancellationToken cancellationToken = default)
    {
        if (SegmentRule.Compile(rule, out var error) is null)
        {
            return new SegmentResult(error, 0, 0, []);
        }
        var seen = new SeenNumbers();
        long matching = 0, considered = 0;
        var found = new List<string>();
        async Task AskAsync(IEnumerable<string> numbers)
        {
            foreach (var chunk in numbers.Where(seen.Add).Chunk(InFlight))
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
        await AskAsync(await ResidentAsync());
        await foreach (var page in roster.ReadAsync(cancellationToken))
        {
            await AskAsync(page);
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
