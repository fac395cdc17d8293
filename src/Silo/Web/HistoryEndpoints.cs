using System.Globalization;
using Cdr.Orleans.Contracts.Traffic;
using Cdr.Orleans.Infrastructure.History;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// The console's reads of the history (docs/history.md), over this silo's history directory: a campaign's results per
/// day (<c>GET /api/history/campaigns/{id}/days?days=30</c>) and a past day's traffic in the live feed's shape
/// (<c>GET /api/history/traffic?day=2026-12-03</c>). Each is a fixed query (the id and the day are checked, then
/// quoted); they share the segment queries' limit per silo.
/// </summary>
public static class HistoryEndpoints
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public sealed record CampaignDay(DateOnly Day, long Sent, long HeldOut, long Accepted, long Declined, long HeldOutConverted);

    public sealed record CampaignDays(string Campaign, int Days, IReadOnlyList<CampaignDay> Rows);

    public static void MapHistoryEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/history/campaigns/{id}/days", async Task<IResult> (string id, int? days, HistoryWriter history, ConsoleLimits limits, CancellationToken aborted) =>
        {
            var span = days ?? 30;
            if (span is < 1 or > 3660)
            {
                return WebConsoleJson.Error(StatusCodes.Status400BadRequest, $"days is {span}; accepted: 1 to 3660");
            }
            if (!Domain.Campaigns.CampaignValidator.IsId(id))
            {
                return WebConsoleJson.Error(StatusCodes.Status400BadRequest, $"'{id}' is not a campaign id; accepted: lower-case letters, digits and dashes, at most 64");
            }
            var from = DateTime.UtcNow.Date.AddDays(1 - span).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var sql = $"""
                WITH d AS (SELECT offer_id, outcome, CAST(decided_utc AS DATE) AS day FROM decisions
                           WHERE campaign = '{id}' AND decided_utc >= DATE '{from}')
                SELECT d.day,
                       count(*) FILTER (WHERE d.outcome = 'sent'),
                       count(*) FILTER (WHERE d.outcome = 'held_out'),
                       count(r.offer_id) FILTER (WHERE d.outcome = 'sent' AND r.response = 'accepted'),
                       count(r.offer_id) FILTER (WHERE d.outcome = 'sent' AND r.response = 'declined'),
                       count(r.offer_id) FILTER (WHERE d.outcome = 'held_out' AND r.response = 'accepted')
                FROM d LEFT JOIN responses r USING (offer_id)
                GROUP BY d.day ORDER BY d.day
                """;
            return await RunAsync(history, limits, sql, aborted, result => new CampaignDays(id, span, [.. result.Rows.Select(r => new CampaignDay(
                (DateOnly)r[0]!, (long)r[1]!, (long)r[2]!, (long)r[3]!, (long)r[4]!, (long)r[5]!))]));
        });
        api.MapGet("/history/traffic", async Task<IResult> (string? day, HistoryWriter history, ConsoleLimits limits, CancellationToken aborted) =>
        {
            if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return WebConsoleJson.Error(StatusCodes.Status400BadRequest, $"day is '{day}'; accepted: a date as yyyy-MM-dd, e.g. {DateTime.UtcNow.AddDays(-1):yyyy-MM-dd}");
            }
            var start = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var sql = $"""
                SELECT dimension, value, hour(minute), sum(cdrs), sum(voice_seconds), sum(sms), sum(data_bytes)
                FROM traffic WHERE minute >= TIMESTAMP '{start}' AND minute < TIMESTAMP '{start}' + INTERVAL 1 DAY
                GROUP BY ALL
                """;
            return await RunAsync(history, limits, sql, aborted, result => Day(date, result));
        });
    }

    private static async Task<IResult> RunAsync<T>(HistoryWriter history, ConsoleLimits limits, string sql, CancellationToken aborted, Func<HistoryResult, T> shape)
    {
        if (history.Directory is not { } directory)
        {
            return WebConsoleJson.Error(StatusCodes.Status404NotFound,
                $"this silo keeps no history (it has no data directory and no {HistoryOptions.SectionName}:Directory); see docs/history.md");
        }
        using var place = limits.TrySegment();
        if (place is null)
        {
            return ConsoleLimits.Busy("segment and history queries", nameof(WebConsoleOptions.MaxConcurrentSegments), limits.Settings.MaxConcurrentSegments);
        }
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory); // nothing written yet: every table is empty
        }
        try
        {
            return WebConsoleJson.Json(shape(await HistoryQuery.RunAsync(directory, sql, Timeout, aborted)));
        }
        catch (HistoryQueryException error)
        {
            return WebConsoleJson.Error(StatusCodes.Status503ServiceUnavailable, error.Message);
        }
    }

    /// <summary>A past day's traffic as the live feed gives it, per hour instead of per minute.</summary>
    private static ConsoleApi.LiveTraffic Day(DateOnly date, HistoryResult result)
    {
        var rows = result.Rows.Select(r => (Dimension: (string)r[0]!, Value: (string)r[1]!, Hour: Convert.ToInt32(r[2], CultureInfo.InvariantCulture),
            Cdrs: (long)r[3]!, Seconds: (long)r[4]!, Sms: (long)r[5]!, Bytes: (long)r[6]!)).ToList();
        var hours = Enumerable.Range(0, 24).Select(h => date.ToDateTime(new TimeOnly(h, 0), DateTimeKind.Utc)).ToList();
        ConsoleApi.Series Series(TrafficDimension dimension) => new(hours, [.. rows.Where(r => r.Dimension == HistoryWriter.DimensionName(dimension))
            .GroupBy(r => r.Value).OrderByDescending(g => g.Sum(r => r.Cdrs))
            .Select(g => new ConsoleApi.SeriesValue(g.Key, [.. Enumerable.Range(0, 24).Select(h => g.Where(r => r.Hour == h).Sum(r => r.Cdrs))]))]);
        List<ConsoleApi.TotalRow> Totals(TrafficDimension dimension) => [.. rows.Where(r => r.Dimension == HistoryWriter.DimensionName(dimension))
            .GroupBy(r => r.Value).Select(g => Total(g.Key, g)).OrderByDescending(t => t.Cdrs)];
        var byHour = rows.Where(r => r.Dimension == HistoryWriter.DimensionName(TrafficDimension.Type)).GroupBy(r => r.Hour)
            .OrderBy(g => g.Key).Select(g => Total(g.Key.ToString("00", CultureInfo.InvariantCulture), g));
        return new ConsoleApi.LiveTraffic(24 * 60, Series(TrafficDimension.Region), Series(TrafficDimension.Operator),
            Totals(TrafficDimension.Category), [.. Totals(TrafficDimension.CalleeCountry).Take(15)], [.. byHour]);
    }

    private static ConsoleApi.TotalRow Total(string value, IEnumerable<(string Dimension, string Value, int Hour, long Cdrs, long Seconds, long Sms, long Bytes)> rows) =>
        new(value, rows.Sum(r => r.Cdrs), Math.Round(rows.Sum(r => r.Seconds) / 60.0, 1), rows.Sum(r => r.Sms), Math.Round(rows.Sum(r => r.Bytes) / 1e6, 1));
}
