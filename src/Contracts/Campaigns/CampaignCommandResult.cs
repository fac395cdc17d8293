namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>The answer to a command: the campaign as it now is, or why the command was refused.</summary>
[GenerateSerializer, Immutable, Alias("campaign-command-result.v1")]
public sealed record CampaignCommandResult(
    [property: Id(0)] CampaignRecord? Campaign,
    [property: Id(1)] IReadOnlyList<string> Errors)
{
    public bool Ok => Errors.Count == 0;

    public static CampaignCommandResult Refused(params string[] errors) => new(null, errors);
}
