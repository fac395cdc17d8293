namespace Cdr.Orleans.Contracts.Subscribers;

/// <summary>Lifetime totals. Voice, SMS and data count the CDRs the subscriber originated; Incoming* what it received.</summary>
[GenerateSerializer, Immutable, Alias("subscriber-totals.v1")]
public sealed record SubscriberTotals(
    [property: Id(0)] long VoiceCalls,
    [property: Id(1)] long VoiceSeconds,
    [property: Id(2)] long SmsCount,
    [property: Id(3)] long DataSessions,
    [property: Id(4)] long DataBytes,
    [property: Id(5)] decimal Spend,
    [property: Id(6)] long Answered,
    [property: Id(7)] long Busy,
    [property: Id(8)] long NoAnswer,
    [property: Id(9)] long Dropped,
    [property: Id(10)] long International,
    [property: Id(11)] long Roaming,
    [property: Id(12)] long IncomingCalls,
    [property: Id(13)] long IncomingSeconds,
    [property: Id(14)] long IncomingSms);
