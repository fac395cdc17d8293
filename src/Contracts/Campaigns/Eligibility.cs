namespace Cdr.Orleans.Contracts.Campaigns;

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
