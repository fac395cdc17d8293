namespace Cdr.Orleans.Contracts.Campaigns;

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
