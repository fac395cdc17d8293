namespace Cdr.Orleans.Contracts.Traffic;

/// <summary>What live call volume is broken down by.</summary>
public enum TrafficDimension
{
    /// <summary>Where the call was made (the CDR's region).</summary>
    Region,

    /// <summary>The caller's operator brand (from its profile; "unknown" without one).</summary>
    Operator,

    /// <summary>voice, sms or data.</summary>
    Type,

    /// <summary>The callee's country (ISO code; data sessions have none and are left out).</summary>
    CalleeCountry,

    /// <summary>The callee's category from the number directory (voice and SMS; unlisted numbers are Private).</summary>
    Category,
}

/// <summary>One minute of one value of one dimension, e.g. (Region, "London", 29,000,000).</summary>
/// <param name="Minute">Minutes since the Unix epoch of the CDRs' start time (event time, UTC).</param>
[GenerateSerializer, Immutable, Alias("traffic-cell.v1")]
public readonly record struct TrafficCell(
    [property: Id(0)] TrafficDimension Dimension,
    [property: Id(1)] string Value,
    [property: Id(2)] long Minute)
{
    public static long MinuteOf(DateTime utc) => utc.Ticks / TimeSpan.TicksPerMinute - DateTime.UnixEpoch.Ticks / TimeSpan.TicksPerMinute;

    public static DateTime StartOf(long minute) => DateTime.UnixEpoch.AddMinutes(minute);
}

/// <summary>Call volume in a cell: CDRs, voice seconds, SMS and data bytes.</summary>
[GenerateSerializer, Immutable, Alias("traffic-counts.v1")]
public readonly record struct TrafficCounts(
    [property: Id(0)] long Cdrs,
    [property: Id(1)] long VoiceSeconds,
    [property: Id(2)] long Sms,
    [property: Id(3)] long DataBytes)
{
    public static TrafficCounts operator +(TrafficCounts a, TrafficCounts b) =>
        new(a.Cdrs + b.Cdrs, a.VoiceSeconds + b.VoiceSeconds, a.Sms + b.Sms, a.DataBytes + b.DataBytes);

    public double VoiceMinutes => VoiceSeconds / 60.0;
}

/// <summary>How far back a traffic query counts, as the client's <c>--since</c> and the HTTP <c>since=</c> take it.</summary>
public static class TrafficWindow
{
    public const string Default = "1h";

    /// <summary>The window in whole minutes (rounded up) of a duration of at least a minute; null text means <see cref="Default"/>.</summary>
    public static bool TryMinutes(string? text, out int minutes)
    {
        minutes = 0;
        if (!DurationText.TryParse(text ?? Default, out var window) || window < TimeSpan.FromMinutes(1))
        {
            return false;
        }
        minutes = (int)Math.Ceiling(window.TotalMinutes);
        return true;
    }

    /// <summary>Why <paramref name="text"/> was refused, with what is accepted.</summary>
    public static string Refused(string? text) => $"'{text}' is not a duration of at least a minute; accepted: e.g. 15m, 1h, 1d";
}
