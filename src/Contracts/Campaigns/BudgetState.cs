namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>A budget's limit and the offers taken from it (sent, or leased to a silo and not yet sent).</summary>
[GenerateSerializer, Immutable, Alias("budget-state.v1")]
public sealed record BudgetState(
    [property: Id(0)] long? Limit,
    [property: Id(1)] long Taken)
{
    public long? Left => Limit is { } limit ? Math.Max(0, limit - Taken) : null;
}
