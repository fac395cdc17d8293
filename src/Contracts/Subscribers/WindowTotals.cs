namespace Cdr.Orleans.Contracts.Subscribers;

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
