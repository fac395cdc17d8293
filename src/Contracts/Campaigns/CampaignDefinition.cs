namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>
/// A campaign as its manager writes it (a JSON file, see docs/campaigns.md and the campaigns/ folder): who is eligible, the
/// condition that triggers an offer, the offer, its caps and schedule, and the share of subscribers held out as a
/// control group. Checked by the Domain's CampaignValidator before it is accepted.
/// </summary>
[GenerateSerializer, Immutable, Alias("campaign-definition.v1")]
public sealed record CampaignDefinition
{
    /// <summary>Lowercase letters, digits and dashes, e.g. "night-pack".</summary>
    [Id(0)] public string Id { get; init; } = "";
    [Id(1)] public string Name { get; init; } = "";
    [Id(2)] public string? Description { get; init; }

    /// <summary>When several campaigns trigger on the same CDR, the highest priority wins (then the lower id).</summary>
    [Id(3)] public int Priority { get; init; }
    [Id(4)] public OfferSpec Offer { get; init; } = new();
    [Id(5)] public Eligibility Eligibility { get; init; } = new();

    /// <summary>A rule over the subscriber view, e.g. "H24.VoiceMinutes > 60".</summary>
    [Id(6)] public string Trigger { get; init; } = "";
    [Id(7)] public CampaignCaps Caps { get; init; } = new();

    /// <summary>First and last CDR start time (UTC) the campaign applies to; open when null.</summary>
    [Id(8)] public DateTime? Start { get; init; }
    [Id(9)] public DateTime? End { get; init; }

    /// <summary>Share (0 to 0.5) of triggered subscribers held out: recorded as "held out", sent nothing.</summary>
    [Id(10)] public double ControlShare { get; init; }

    /// <summary>Propensity targeting once the campaign has a model: null sends to everyone its rules select.</summary>
    [Id(11)] public PropensityTargeting? Targeting { get; init; }

    /// <summary>
    /// A one-shot campaign (<c>campaign send --segment RULE</c>): never evaluated on CDRs; when it is sent, every
    /// subscriber its eligibility and trigger (the segment) match at that moment is decided once, with its caps,
    /// budget, control group and the contact policy (<see cref="ICampaignSendGrain"/>).
    /// </summary>
    [Id(12)] public bool OneShot { get; init; }
}

/// <summary>
/// Who of the triggered subscribers a campaign sends to once it has a model: those whose score is at least
/// <see cref="MinPropensity"/>, except the <see cref="ExploreShare"/> of subscribers (a fixed random share, as the
/// control group is) who are sent to whatever their score, so that the model's own lift is measured against them.
/// </summary>
[GenerateSerializer, Immutable, Alias("propensity-targeting.v1")]
public sealed record PropensityTargeting
{
    [Id(0)] public double MinPropensity { get; init; }

    [Id(1)] public double ExploreShare { get; init; } = 0.1;
}
