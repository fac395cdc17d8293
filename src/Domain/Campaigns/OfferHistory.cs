using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// A subscriber's campaign decisions: the times of each campaign's decisions still inside its cap period, and the
/// latest few decisions in full for people. Persisted with the subscriber: never renumber an [Id].
/// </summary>
[GenerateSerializer, Alias("offer-history.v1")]
public sealed class OfferHistory
{
    public const int RecentKept = 10;

    /// <summary>Per campaign id: when (CDR time) decisions were made, oldest first.</summary>
    [Id(0)] public Dictionary<string, List<DateTime>> Times { get; set; } = [];

    /// <summary>The latest decisions, oldest first, at most <see cref="RecentKept"/>.</summary>
    [Id(1)] public List<OfferDecision> Recent { get; set; } = [];

    /// <summary>Decisions of <paramref name="campaign"/> that count against its cap at <paramref name="at"/>.</summary>
    public int CountWithin(Campaign campaign, DateTime at)
    {
        if (!Times.TryGetValue(campaign.Id, out var times))
        {
            return 0;
        }
        if (campaign.Period is not { } period)
        {
            return times.Count;
        }
        var since = at - period;
        var count = 0;
        foreach (var time in times)
        {
            if (time > since)
            {
                count++;
            }
        }
        return count;
    }

    public void Record(Campaign campaign, OfferDecision decision)
    {
        if (!Times.TryGetValue(campaign.Id, out var times))
        {
            Times[campaign.Id] = times = [];
        }
        if (campaign.Period is { } period)
        {
            // Older entries no longer count against the cap: keep the list as short as the cap.
            times.RemoveAll(t => t <= decision.CdrStartUtc - period);
        }
        times.Add(decision.CdrStartUtc);
        Recent.Add(decision);
        if (Recent.Count > RecentKept)
        {
            Recent.RemoveAt(0);
        }
    }
}
