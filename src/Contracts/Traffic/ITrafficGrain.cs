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
