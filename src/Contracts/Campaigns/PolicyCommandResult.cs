namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>The policy as stored, or (null) the reasons it was refused.</summary>
[GenerateSerializer, Immutable, Alias("policy-command-result.v1")]
public sealed record PolicyCommandResult(
    [property: Id(0)] ContactPolicy? Policy,
    [property: Id(1)] IReadOnlyList<string> Errors)
{
    public bool Ok => Policy is not null;
}
