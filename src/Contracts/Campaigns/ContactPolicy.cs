namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>
/// The contact policy above every campaign (one for the cluster, kept by the campaign registry): at most
/// <see cref="MaxPerDay"/> offers sent to a subscriber per local day and <see cref="MaxPerWeek"/> per seven local days,
/// over all campaigns and channels; none during <see cref="QuietHours"/> of the subscriber's local time ("21:00-08:00");
/// and a <see cref="GlobalControlShare"/> of subscribers no campaign contacts, against whom the whole programme's
/// uplift is measured. Subscribers who said STOP, or whose profile says no marketing, are never offered anything,
/// whatever the policy. Null or zero: no such limit.
/// </summary>
[GenerateSerializer, Immutable, Alias("contact-policy.v1")]
public sealed record ContactPolicy
{
    public static readonly ContactPolicy None = new();

    [Id(0)] public int? MaxPerDay { get; init; }

    [Id(1)] public int? MaxPerWeek { get; init; }

    /// <summary>"HH:mm-HH:mm" in the subscriber's local time; may wrap past midnight. Null: none.</summary>
    [Id(2)] public string? QuietHours { get; init; }

    [Id(3)] public double GlobalControlShare { get; init; }

    /// <summary>Grows with every change.</summary>
    [Id(4)] public int Revision { get; init; }

    [Id(5)] public DateTime ChangedUtc { get; init; }
}
