namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>A campaign as the registry keeps it. <see cref="Revision"/> grows with every change of definition or status;
/// <see cref="StatusReason"/> says why a campaign is quarantined; <see cref="ChangedBy"/> who made this revision (the
/// console client's user and host, the web console's key and address, the engine for a quarantine).</summary>
[GenerateSerializer, Immutable, Alias("campaign-record.v1")]
public sealed record CampaignRecord(
    [property: Id(0)] CampaignDefinition Definition,
    [property: Id(1)] CampaignStatus Status,
    [property: Id(2)] int Revision,
    [property: Id(3)] DateTime CreatedUtc,
    [property: Id(4)] DateTime ChangedUtc,
    [property: Id(5)] string? StatusReason = null,
    [property: Id(6)] string? ChangedBy = null);
