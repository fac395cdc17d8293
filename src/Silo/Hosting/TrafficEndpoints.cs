using Cdr.Orleans.Contracts.Traffic;
using Cdr.Orleans.Domain.Traffic;
using Cdr.Orleans.Silo.Web;

namespace Cdr.Orleans.Silo.Hosting;

/// <summary>
/// The cluster's live call volume as JSON, on the dashboard's port, for other tools:
/// <c>GET /api/traffic/{regions|operators|types|countries|categories}?since=1h&amp;top=10</c> (totals, largest first),
/// <c>GET /api/traffic/{...}/series?since=1h</c> (per minute) and <c>GET /api/traffic/hours</c>.
/// </summary>
public static class TrafficEndpoints
{
    public const string Prefix = "/api/traffic";

    private static readonly Dictionary<string, TrafficDimension> Dimensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["regions"] = TrafficDimension.Region,
        ["operators"] = TrafficDimension.Operator,
        ["types"] = TrafficDimension.Type,
        ["countries"] = TrafficDimension.CalleeCountry,
        ["categories"] = TrafficDimension.Category,
    };

    public static void MapTrafficEndpoints(this WebApplication app)
    {
        app.MapGet($"{Prefix}/hours", async (IGrainFactory grains) =>
        {
            var hours = await grains.GetGrain<ITrafficGrain>(0).HoursAsync();
            return WebConsoleJson.Json(new ConsoleApi.TrafficHoursView(hours.From, hours.To, hours.Rows));
        });
        app.MapGet($"{Prefix}/{{dimension}}", async (string dimension, string? since, int? top, IGrainFactory grains) =>
        {
            if (Parse(dimension, since) is not (var which, var minutes))
            {
                return Problem(dimension, since);
            }
            var totals = await grains.GetGrain<ITrafficGrain>(0).TotalsAsync(which, minutes);
            return WebConsoleJson.Json(new ConsoleApi.TrafficTotalsView(dimension.ToLowerInvariant(), totals.From, totals.To, [.. totals.Rows.Take(Math.Max(1, top ?? int.MaxValue))]));
        });
        app.MapGet($"{Prefix}/{{dimension}}/series", async (string dimension, string? since, IGrainFactory grains) =>
        {
            if (Parse(dimension, since) is not (var which, var minutes))
            {
                return Problem(dimension, since);
            }
            var series = await grains.GetGrain<ITrafficGrain>(0).SeriesAsync(which, minutes);
            return WebConsoleJson.Json(new ConsoleApi.TrafficSeriesView(dimension.ToLowerInvariant(), [.. series.Minutes.Select(TrafficCell.StartOf)], series.Values));
        });
    }

    private static (TrafficDimension, int)? Parse(string dimension, string? since) =>
        Dimensions.TryGetValue(dimension, out var which) && TrafficWindow.TryMinutes(since, out var minutes) ? (which, minutes) : null;

    private static IResult Problem(string dimension, string? since) => WebConsoleJson.Error(StatusCodes.Status400BadRequest,
        Dimensions.ContainsKey(dimension)
            ? $"since {TrafficWindow.Refused(since)}"
            : $"'{dimension}' is not a dimension; accepted: {string.Join(", ", Dimensions.Keys)}, hours");
}
