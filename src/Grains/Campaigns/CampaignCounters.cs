using System.Collections.Concurrent;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Campaigns;

namespace Cdr.Orleans.Grains.Campaigns;

/// <summary>
/// This silo's campaign tallies by campaign id, kept across revisions (a paused and resumed campaign keeps counting
/// where it was). <see cref="TakeDeltas"/> gives what changed since the previous call, for the stats reporter.
/// </summary>
public sealed class CampaignCounters
{
    private readonly CampaignTallies slots = new();
    private readonly ConcurrentDictionary<string, CampaignTally> tallies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CampaignResults> reported = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public CampaignTally TallyFor(string campaignId) => tallies.GetOrAdd(campaignId, _ => slots.NewTally());

    /// <summary>Every campaign this silo has counted for, with its tally (read by the metrics).</summary>
    public IEnumerable<KeyValuePair<string, CampaignTally>> All => tallies;

    public Dictionary<string, CampaignResults>? TakeDeltas()
    {
        Dictionary<string, CampaignResults>? deltas = null;
        lock (gate)
        {
            foreach (var (id, tally) in tallies)
            {
                var now = tally.Snapshot();
                var before = reported.GetValueOrDefault(id) ?? CampaignResults.Zero;
                if (now == before)
                {
                    continue;
                }
                (deltas ??= new(StringComparer.Ordinal))[id] = now.Subtract(before);
                reported[id] = now;
            }
        }
        return deltas;
    }
}
