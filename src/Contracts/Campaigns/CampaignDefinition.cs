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
}

/// <summary>What the subscriber is offered, and through which channel.</summary>
[GenerateSerializer, Immutable, Alias("offer-spec.v1")]
public sealed record OfferSpec
{
    [Id(0)] public string Code { get; init; } = "";
    [Id(1)] public string Text { get; init; } = "";

    /// <summary>One of <see cref="Channels"/>.</summary>
    [Id(2)] public string Channel { get; init; } = "sms";

    /// <summary>What the offer is worth to the subscriber, in the account currency.</summary>
    [Id(3)] public decimal Value { get; init; }

    public static readonly string[] Channels = ["sms", "in-app", "push", "email"];
}

/// <summary>Who may receive the offer. Every field given must hold; an empty list or null means no restriction.</summary>
[GenerateSerializer, Immutable, Alias("eligibility.v1")]
public sealed record Eligibility
{
    [Id(0)] public IReadOnlyList<string>? Plans { get; init; }
    [Id(1)] public IReadOnlyList<string>? Tiers { get; init; }
    [Id(2)] public IReadOnlyList<string>? Regions { get; init; }
    [Id(3)] public IReadOnlyList<string>? Operators { get; init; }
    [Id(4)] public int? MinAge { get; init; }
    [Id(5)] public int? MaxAge { get; init; }

    /// <summary>Days since signup, as of the CDR.</summary>
    [Id(6)] public int? MinSignupDays { get; init; }
    [Id(7)] public int? MaxSignupDays { get; init; }

    /// <summary>Any further condition, in the rule language.</summary>
    [Id(8)] public string? Rule { get; init; }
}

/// <summary>How many offers: per subscriber per period, and in total.</summary>
[GenerateSerializer, Immutable, Alias("campaign-caps.v1")]
public sealed record CampaignCaps
{
    /// <summary>At most this many decisions (sent or held out) per subscriber per <see cref="Period"/>.</summary>
    [Id(0)] public int PerSubscriber { get; init; } = 1;

    /// <summary>"24h", "7d"...; null: per subscriber over the campaign's whole life.</summary>
    [Id(1)] public string? Period { get; init; }

    /// <summary>Offers sent by the whole campaign, across all silos, never more; null: unlimited.</summary>
    [Id(2)] public long? Budget { get; init; }
}

public enum CampaignStatus : byte { Active = 0, Paused = 1, Stopped = 2 }

/// <summary>A campaign as the registry keeps it. <see cref="Revision"/> grows with every change of definition or status.</summary>
[GenerateSerializer, Immutable, Alias("campaign-record.v1")]
public sealed record CampaignRecord(
    [property: Id(0)] CampaignDefinition Definition,
    [property: Id(1)] CampaignStatus Status,
    [property: Id(2)] int Revision,
    [property: Id(3)] DateTime CreatedUtc,
    [property: Id(4)] DateTime ChangedUtc);

/// <summary>Every campaign at one catalog version: what each silo compiles and evaluates.</summary>
[GenerateSerializer, Immutable, Alias("campaign-catalog.v1")]
public sealed record CampaignCatalogSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<CampaignRecord> Campaigns);

/// <summary>The answer to a command: the campaign as it now is, or why the command was refused.</summary>
[GenerateSerializer, Immutable, Alias("campaign-command-result.v1")]
public sealed record CampaignCommandResult(
    [property: Id(0)] CampaignRecord? Campaign,
    [property: Id(1)] IReadOnlyList<string> Errors)
{
    public bool Ok => Errors.Count == 0;

    public static CampaignCommandResult Refused(params string[] errors) => new(null, errors);
}
