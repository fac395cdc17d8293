namespace Cdr.Orleans.Contracts.Subscribers;

/// <summary>A subscriber's state as people read it (client, JSON). Windows end at <see cref="LastEventUtc"/>, the latest CDR it originated.</summary>
[GenerateSerializer, Immutable, Alias("subscriber-snapshot.v1")]
public sealed record SubscriberSnapshot(
    [property: Id(0)] string Msisdn,
    [property: Id(1)] SubscriberProfile? Profile,
    [property: Id(2)] SubscriberTotals Totals,
    [property: Id(3)] IReadOnlyList<WindowTotals> Windows,
    [property: Id(4)] TimeOfDayShares TimeOfDay,
    [property: Id(5)] BestTimeToCall? BestTimeToCall,
    [property: Id(6)] IReadOnlyList<CalleeCount> TopCallees,
    [property: Id(7)] int DistinctCallees,
    [property: Id(8)] DateTime? LastEventUtc,
    [property: Id(9)] long CdrsApplied,
    [property: Id(10)] IReadOnlyList<Campaigns.OfferDecision>? RecentOffers = null,
    [property: Id(11)] CalleeMix? Callees = null);

/// <summary>
/// Who the subscriber calls, from the number directory: voice calls and SMS per tag, and the category and tag called
/// most among listed numbers (Private when none was listed).
/// </summary>
[GenerateSerializer, Immutable, Alias("callee-mix.v1")]
public sealed record CalleeMix(
    [property: Id(0)] string TopCategory,
    [property: Id(1)] string TopTag,
    [property: Id(2)] IReadOnlyDictionary<string, long> CallsByTag);

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

/// <summary>
/// What a subscriber originated within a sliding window ending at its latest CDR (e.g. "1h", "24h", "7d", "30d"):
/// voice calls, minutes, SMS, data, spend, calls and SMS abroad, dropped calls, and the share of CDRs at night.
/// Campaign rules read the same record (<c>H24.VoiceMinutes</c>, <c>D7.International</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("window-totals.v1")]
public sealed record WindowTotals(
    [property: Id(0)] string Window,
    [property: Id(1)] long Calls,
    [property: Id(2)] double VoiceMinutes,
    [property: Id(3)] long Sms,
    [property: Id(4)] long DataBytes,
    [property: Id(5)] decimal Spend,
    [property: Id(6)] long DataSessions = 0,
    [property: Id(7)] long International = 0,
    [property: Id(8)] long Dropped = 0,
    [property: Id(9)] double NightShare = 0);

/// <summary>Share of the CDRs a subscriber originated in each part of the day (UTC): night 22-5, morning 5-12, afternoon 12-17, evening 17-22.</summary>
[GenerateSerializer, Immutable, Alias("time-of-day.v1")]
public sealed record TimeOfDayShares(
    [property: Id(0)] double Night,
    [property: Id(1)] double Morning,
    [property: Id(2)] double Afternoon,
    [property: Id(3)] double Evening);

/// <summary>The weekday and hour (UTC) with the most answered voice calls, made or received.</summary>
[GenerateSerializer, Immutable, Alias("best-time.v1")]
public sealed record BestTimeToCall(
    [property: Id(0)] DayOfWeek Day,
    [property: Id(1)] int Hour,
    [property: Id(2)] int AnsweredCalls);

[GenerateSerializer, Immutable, Alias("callee-count.v1")]
public sealed record CalleeCount(
    [property: Id(0)] string Msisdn,
    [property: Id(1)] int Count);
