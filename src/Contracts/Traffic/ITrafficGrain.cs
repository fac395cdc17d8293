namespace Cdr.Orleans.Contracts.Traffic;

/// <summary>
/// The cluster's live call volume per minute (key 0). Silos count locally and send what they counted about once a
/// second, so it takes a handful of calls per second whatever the CDR rate.
/// </summary>
public interface ITrafficGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a silo's counts since its last call.</summary>
    Task AddAsync(IReadOnlyList<TrafficEntry> counted);

    /// <summary>Totals per value of a dimension over the last <paramref name="minutes"/> minutes, largest first.</summary>
    Task<TrafficTotals> TotalsAsync(TrafficDimension dimension, int minutes);

    /// <summary>Per-minute series of each value of a dimension over the last <paramref name="minutes"/> minutes.</summary>
    Task<TrafficSeries> SeriesAsync(TrafficDimension dimension, int minutes);

    /// <summary>Call volume per hour of day (0-23) over everything kept.</summary>
    Task<TrafficTotals> HoursAsync();
}

[GenerateSerializer, Immutable, Alias("traffic-entry.v1")]
public sealed record TrafficEntry([property: Id(0)] TrafficCell Cell, [property: Id(1)] TrafficCounts Counts);

/// <param name="Rows">Values with their counts, largest CDR count first (hours: in hour order).</param>
/// <param name="FromMinute">First minute covered (Unix minutes).</param>
/// <param name="ToMinute">Last minute covered; 0 while nothing has been counted.</param>
[GenerateSerializer, Immutable, Alias("traffic-totals.v1")]
public sealed record TrafficTotals(
    [property: Id(0)] IReadOnlyList<TrafficRow> Rows,
    [property: Id(1)] long FromMinute,
    [property: Id(2)] long ToMinute)
{
    /// <summary>Start of the first minute covered; null while nothing has been counted.</summary>
    public DateTime? From => ToMinute == 0 ? null : TrafficCell.StartOf(FromMinute);

    /// <summary>Start of the last minute covered; null while nothing has been counted.</summary>
    public DateTime? To => ToMinute == 0 ? null : TrafficCell.StartOf(ToMinute);
}

[GenerateSerializer, Immutable, Alias("traffic-row.v1")]
public sealed record TrafficRow([property: Id(0)] string Value, [property: Id(1)] TrafficCounts Counts);

/// <param name="Minutes">Each minute covered (Unix minutes), oldest first.</param>
/// <param name="Values">For each value, its counts at each of <see cref="Minutes"/>.</param>
[GenerateSerializer, Immutable, Alias("traffic-series.v1")]
public sealed record TrafficSeries(
    [property: Id(0)] IReadOnlyList<long> Minutes,
    [property: Id(1)] IReadOnlyDictionary<string, IReadOnlyList<TrafficCounts>> Values);
