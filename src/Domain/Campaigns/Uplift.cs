namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// The difference of two rates (treated − baseline) with its 95% confidence interval (Newcombe's hybrid score
/// interval from two Wilson intervals: sound for small counts and for rates near 0 or 1, where the textbook normal
/// interval is not), and whether it excludes zero.
/// </summary>
public sealed record Uplift(double Treated, double Baseline, double Difference, double Low, double High)
{
    private const double Z = 1.959963984540054;

    /// <summary>Significant at 95%: the interval does not contain zero.</summary>
    public bool Significant => Low > 0 || High < 0;

    /// <summary>The uplift of <paramref name="treatedHits"/>/<paramref name="treated"/> over <paramref name="baselineHits"/>/<paramref name="baseline"/>; null when either group is empty.</summary>
    public static Uplift? Of(long treatedHits, long treated, long baselineHits, long baseline)
    {
        if (treated <= 0 || baseline <= 0)
        {
            return null;
        }
        var (p1, l1, u1) = Wilson(treatedHits, treated);
        var (p2, l2, u2) = Wilson(baselineHits, baseline);
        var d = p1 - p2;
        return new Uplift(p1, p2, d,
            d - Math.Sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)),
            d + Math.Sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)));
    }

    private static (double P, double Low, double High) Wilson(long hits, long n)
    {
        var p = Math.Clamp((double)hits / n, 0, 1);
        var z2 = Z * Z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = Z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return (p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}

/// <summary>
/// A campaign's measured effect: its offers' acceptance over the control group's organic conversion; with propensity
/// targeting, the offers the model chose over the exploration share (sent whatever the model said); and over the
/// contact policy's global control group (subscribers no campaign contacts).
/// </summary>
public sealed record CampaignUplift(Uplift? OverControl, Uplift? OverExploration, Uplift? OverGlobalControl = null)
{
    public static CampaignUplift Of(Contracts.Campaigns.CampaignResults r) => new(
        Uplift.Of(r.Accepted, r.Sent, r.ControlConverted, r.HeldOut),
        Uplift.Of(r.Accepted - r.ExploredAccepted, r.Sent - r.Explored, r.ExploredAccepted, r.Explored),
        Uplift.Of(r.Accepted, r.Sent, r.GlobalControlConverted, r.GlobalControl));

    /// <summary>The whole programme's: every campaign's offers sent and accepted over every global-control subscriber held out and converted.</summary>
    public static Uplift? Programme(IEnumerable<Contracts.Campaigns.CampaignResults> campaigns)
    {
        var sum = campaigns.Aggregate(Contracts.Campaigns.CampaignResults.Zero, (a, b) => a.Add(b));
        return Uplift.Of(sum.Accepted, sum.Sent, sum.GlobalControlConverted, sum.GlobalControl);
    }
}
