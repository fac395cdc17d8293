namespace Cdr.Orleans.Contracts.Traffic;

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
