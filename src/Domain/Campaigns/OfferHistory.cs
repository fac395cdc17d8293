using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// A subscriber's campaign decisions: the times of each campaign's latest decisions, and the latest few decisions in
/// full for people. Bounded whatever the history: per campaign at most its cap's count of times (the latest ones are
/// all a cap check needs), sorted so that a check is a binary search; at most <see cref="CampaignsKept"/> campaigns.
/// Persisted with the subscriber: never renumber an [Id].
/// </summary>
[GenerateSerializer, Alias("offer-history.v1")]
public sealed class OfferHistory
{
    public const int RecentKept = 10;

    /// <summary>Campaigns whose times are kept; past this, the one decided on longest ago is forgotten.</summary>
    public const int CampaignsKept = 64;

    /// <summary>Per campaign id: when (CDR time) its latest decisions were made, oldest first.</summary>
    [Id(0)] public Dictionary<string, List<DateTime>> Times { get; set; } = [];

    /// <summary>The latest decisions, oldest first, at most <see cref="RecentKept"/>.</summary>
    [Id(1)] public List<OfferDecision> Recent { get; set; } = [];

    /// <summary>The local days (day numbers) of the latest offers sent, over all campaigns, in order; at most <see cref="SentKept"/>.</summary>
    [Id(2)] public List<int>? SentDays { get; set; }

    /// <summary>Sent offers' days kept for the contact policy's caps: a weekly cap counts no further.</summary>
    public const int SentKept = 64;

    /// <summary>Offers sent on the <paramref name="days"/> local days up to <paramref name="day"/> (1: that day; 7: the week ending on it).</summary>
    public int SentWithin(int day, int days)
    {
        if (SentDays is not { } sent)
        {
            return 0;
        }
        var count = 0;
        for (var i = sent.Count - 1; i >= 0; i--)
        {
            if (sent[i] > day)
            {
                continue; // a later day (CDRs out of order): not within
            }
            if (sent[i] <= day - days)
            {
                break;
            }
            count++;
        }
        return count;
    }

    /// <summary>Counts an offer sent on local day <paramref name="day"/> for the contact policy's caps.</summary>
    public void RecordSent(int day)
    {
        var sent = SentDays ??= [];
        var at = sent.Count;
        while (at > 0 && sent[at - 1] > day)
        {
            at--;
        }
        sent.Insert(at, day);
        if (sent.Count > SentKept)
        {
            sent.RemoveAt(0);
        }
    }

    /// <summary>
    /// Keeps a decision the contact policy suppressed among the latest, for people; one that repeats the latest (the same
    /// campaign stopped by the same rule, as on each CDR of a quiet night) takes its place rather than pushing others out.
    /// </summary>
    public void Suppressed(OfferDecision decision)
    {
        if (Recent.Count > 0 && Recent[^1] is { Outcome: OfferOutcome.Suppressed } last
            && last.CampaignId == decision.CampaignId && last.Policy == decision.Policy)
        {
            Recent[^1] = decision;
            return;
        }
        AddRecent(decision);
    }

    private void AddRecent(OfferDecision decision)
    {
        Recent.Add(decision);
        if (Recent.Count > RecentKept)
        {
            Recent.RemoveAt(0);
        }
    }

    /// <summary>
    /// Decisions of <paramref name="campaign"/> that count against its cap at <paramref name="at"/>: exact up to the
    /// cap (the times after <c>at - period</c>, later ones included when CDRs arrive out of order).
    /// </summary>
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
        return times.Count - FirstAfter(times, at.Ticks - period.Ticks);
    }

    public void Record(Campaign campaign, OfferDecision decision)
    {
        if (!Times.TryGetValue(campaign.Id, out var times))
        {
            ForgetOldestCampaignIfFull();
            Times[campaign.Id] = times = [];
        }
        var at = decision.CdrStartUtc;
        times.Insert(FirstAfter(times, at.Ticks), at);
        if (campaign.Period is { } period)
        {
            // Older times no longer count against the cap.
            times.RemoveRange(0, FirstAfter(times, at.Ticks - period.Ticks));
        }
        var kept = Math.Max(1, campaign.Definition.Caps?.PerSubscriber ?? 1);
        if (times.Count > kept)
        {
            times.RemoveRange(0, times.Count - kept);
        }
        AddRecent(decision);
    }

    /// <summary>The index of the first time after <paramref name="ticks"/> in sorted <paramref name="times"/>.</summary>
    private static int FirstAfter(List<DateTime> times, long ticks)
    {
        var (low, high) = (0, times.Count);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (times[middle].Ticks <= ticks)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    private void ForgetOldestCampaignIfFull()
    {
        if (Times.Count < CampaignsKept)
        {
            return;
        }
        var oldest = Times.MinBy(t => t.Value.Count == 0 ? DateTime.MinValue : t.Value[^1]).Key;
        Times.Remove(oldest);
    }
}
