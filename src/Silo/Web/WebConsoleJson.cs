using System.Text.Json;
using System.Text.Json.Serialization;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Contracts.Traffic;

namespace Cdr.Orleans.Silo.Web;

/// <summary>The shapes the web console's API and live feed answer with: one place, so a page reads the same fields from both.</summary>
public static class WebConsoleJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        // '+' in numbers stays '+' (the default escapes it, which is valid JSON but hard to read and to grep).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <param name="stream">Durable mode's CDR stream (<see cref="StreamBacklogReader"/>); null in embedded mode.</param>
    public static object Overview(ClusterStats s, object? stream) => new
    {
        stream,
        asOf = s.AsOfUtc,
        cdrsApplied = s.CdrsApplied,
        cdrsPerSecond = Math.Round(s.CdrsPerSecond, 1),
        residentSubscribers = s.ResidentSubscribers,
        silos = s.ReportingSilos,
        lag = s.Lag is { } lag ? new { meanMs = Math.Round(lag.MeanMs, 1), p99Ms = Math.Round(lag.P99Ms, 1), maxMs = Math.Round(lag.MaxMs, 1) } : null,
        rejected = s.Rejected,
        rejectedByReason = s.RejectedByReason.OrderByDescending(r => r.Value).Select(r => new { reason = r.Key, cdrs = r.Value }),
        notes = (s.Notes ?? new Dictionary<string, long>()).OrderByDescending(n => n.Value).Select(n => new { note = n.Key, cdrs = n.Value }),
        deadLettered = s.DeadLettered,
    };

    /// <summary>An error as every console endpoint answers one: <c>{"error": ..., "errors": [...]}</c> with the status.</summary>
    public static IResult Error(int status, string error, IEnumerable<object>? errors = null) =>
        Results.Json(new { error, errors }, Options, statusCode: status);

    /// <summary>A campaign validator's "field: message" lines, split so that a page can show each beside its field.</summary>
    public static IEnumerable<object> FieldErrors(IEnumerable<string> errors) => errors.Select(e =>
    {
        var colon = e.IndexOf(": ", StringComparison.Ordinal);
        return (object)(colon > 0 && !e[..colon].Contains(' ', StringComparison.Ordinal)
            ? new { field = (string?)e[..colon], message = e[(colon + 2)..] }
            : new { field = (string?)null, message = e });
    });

    /// <summary>The funnel and its rates; the uplift over control and over exploration, each with its 95% interval.</summary>
    public static object Funnel(Contracts.Campaigns.CampaignResults r) => new
    {
        r.Evaluated, r.Eligible, r.Triggered, r.Capped, r.Superseded, r.HeldOut, r.Sent, r.Accepted, r.Declined,
        r.ControlConverted, r.RuleErrors, r.BelowPropensity, r.Explored, r.ExploredAccepted,
        acceptanceRate = r.AcceptanceRate, controlConversionRate = r.ControlConversionRate,
    };

    /// <summary>CDRs per minute for each value, oldest minute first.</summary>
    public static object Series(TrafficSeries series) => new
    {
        minutes = series.Minutes.Select(TrafficCell.StartOf),
        values = series.Values.OrderByDescending(v => v.Value.Sum(c => c.Cdrs)).Select(v => new { value = v.Key, cdrs = v.Value.Select(c => c.Cdrs) }),
    };

    public static IEnumerable<object> Totals(TrafficTotals totals, int top = int.MaxValue) => totals.Rows.Take(top).Select(r => new
    {
        value = r.Value,
        cdrs = r.Counts.Cdrs,
        voiceMinutes = Math.Round(r.Counts.VoiceMinutes, 1),
        sms = r.Counts.Sms,
        dataMB = Math.Round(r.Counts.DataBytes / 1e6, 1),
    });
}
