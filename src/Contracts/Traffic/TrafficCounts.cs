namespace Cdr.Orleans.Contracts.Traffic;

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
