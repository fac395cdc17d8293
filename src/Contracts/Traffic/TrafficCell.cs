namespace Cdr.Orleans.Contracts.Traffic;

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
