namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>
/// What one campaign did, summed over all silos. Per CDR the campaign was considered for: evaluated; its eligibility
/// held: eligible; and its trigger too: triggered. A triggered campaign is then capped (per-subscriber cap or budget),
/// superseded (a higher-priority campaign won the CDR), held out (control group) or sent. Responses come back later;
/// a held-out subscriber reported as accepting counts as a control conversion (took the product without the offer).
/// RuleErrors: evaluations that threw (e.g. an integer division by zero) and counted as false. With propensity
/// targeting: BelowPropensity, triggered but scored below the campaign's minimum (not sent); Explored, sent to the
/// exploration share whatever the score (included in Sent), and ExploredAccepted, those accepted (included in Accepted).
/// The contact policy, after the campaign's own caps: GlobalControl, held out by the programme's control group (not in
/// HeldOut) and GlobalControlConverted, those who took the product anyway; QuietHours, PolicyCapped (the daily or
/// weekly cap over all campaigns) and OptedOut, not sent for that reason.
/// </summary>
[GenerateSerializer, Immutable, Alias("campaign-results.v1")]
public sealed record CampaignResults(
    [property: Id(0)] long Evaluated,
    [property: Id(1)] long Eligible,
    [property: Id(2)] long Triggered,
    [property: Id(3)] long Capped,
    [property: Id(4)] long Superseded,
    [property: Id(5)] long HeldOut,
    [property: Id(6)] long Sent,
    [property: Id(7)] long Accepted,
    [property: Id(8)] long Declined,
    [property: Id(9)] long ControlConverted,
    [property: Id(10)] long RuleErrors,
    [property: Id(11)] long BelowPropensity = 0,
    [property: Id(12)] long Explored = 0,
    [property: Id(13)] long ExploredAccepted = 0,
    [property: Id(14)] long GlobalControl = 0,
    [property: Id(15)] long GlobalControlConverted = 0,
    [property: Id(16)] long QuietHours = 0,
    [property: Id(17)] long PolicyCapped = 0,
    [property: Id(18)] long OptedOut = 0)
{
    public static readonly CampaignResults Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public long[] ToArray() => [Evaluated, Eligible, Triggered, Capped, Superseded, HeldOut, Sent, Accepted, Declined, ControlConverted, RuleErrors,
        BelowPropensity, Explored, ExploredAccepted, GlobalControl, GlobalControlConverted, QuietHours, PolicyCapped, OptedOut];

    public static CampaignResults FromArray(long[] v) =>
        new(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15], v[16], v[17], v[18]);

    public CampaignResults Add(CampaignResults other) => Combine(other, +1);

    public CampaignResults Subtract(CampaignResults other) => Combine(other, -1);

    private CampaignResults Combine(CampaignResults other, int sign)
    {
        var a = ToArray();
        var b = other.ToArray();
        for (var i = 0; i < a.Length; i++)
        {
            a[i] += sign * b[i];
        }
        return FromArray(a);
    }

    /// <summary>Accepted / sent; null before anything was sent.</summary>
    public double? AcceptanceRate => Sent == 0 ? null : (double)Accepted / Sent;

    /// <summary>Accepted / sent among offers the model chose (sent outside the exploration share); null before any.</summary>
    public double? TargetedAcceptanceRate => Sent - Explored == 0 ? null : (double)(Accepted - ExploredAccepted) / (Sent - Explored);

    /// <summary>Accepted / sent in the exploration share (sent whatever the model said): the rate without targeting.</summary>
    public double? ExploredAcceptanceRate => Explored == 0 ? null : (double)ExploredAccepted / Explored;

    /// <summary>Global-control subscribers who took the product anyway / held out by the global control group.</summary>
    public double? GlobalControlConversionRate => GlobalControl == 0 ? null : (double)GlobalControlConverted / GlobalControl;

    /// <summary>Control-group subscribers who took the product anyway / held out: the baseline acceptance is measured against.</summary>
    public double? ControlConversionRate => HeldOut == 0 ? null : (double)ControlConverted / HeldOut;
}
