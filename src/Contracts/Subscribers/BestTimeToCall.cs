namespace Cdr.Orleans.Contracts.Subscribers;

/// <summary>The weekday and hour (UTC) with the most answered voice calls, made or received.</summary>
[GenerateSerializer, Immutable, Alias("best-time.v1")]
public sealed record BestTimeToCall(
    [property: Id(0)] DayOfWeek Day,
    [property: Id(1)] int Hour,
    [property: Id(2)] int AnsweredCalls);
