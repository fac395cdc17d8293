using System.Text.Json;
using System.Text.Json.Serialization;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Contracts.Traffic;
using static Cdr.Orleans.Silo.Web.ConsoleApi;

namespace Cdr.Orleans.Silo.Web;

/// <summary>How the engine's figures become the API's shapes (<see cref="ConsoleApi"/>): one place, so a page reads the same fields from the API and the live feed.</summary>
public static class WebConsoleJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        // '+' in numbers stays '+' (the default escapes it, which is valid JSON but hard to read and to grep). The
        // page never puts a value into HTML, so '<' needs no escaping either.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <param name="stream">The CDR stream's backlog (<see cref="Hosting.StreamBacklogReader"/>); null in embedded mode, and shown as
    /// null while it cannot be read.</param>
    public static Overview Overview(ClusterStats s, StreamBacklogReport? stream) => new(
        stream is { Unavailable: null } ? stream : null, s.AsOfUtc, s.CdrsApplied, Math.Round(s.CdrsPerSecond, 1), s.ResidentSubscribers, s.ReportingSilos,
        s.Lag is { } lag ? new Lag(Math.Round(lag.MeanMs, 1), Math.Round(lag.P99Ms, 1), Math.Round(lag.MaxMs, 1)) : null,
        s.Rejected,
        [.. s.RejectedByReason.OrderByDescending(r => r.Value).Select(r => new ReasonCount(r.Key, r.Value))],
        [.. (s.Notes ?? new Dictionary<string, long>()).OrderByDescending(n => n.Value).Select(n => new NoteCount(n.Key, n.Value))],
        s.DeadLettered);

    /// <summary>An error as every console endpoint answers one: <c>{"error": ..., "errors": [...]}</c> with the status.</summary>
    public static IResult Error(int status, string error, IReadOnlyList<FieldError>? errors = null) =>
        Results.Json(new Failure(error, errors), Options, statusCode: status);

    /// <summary>A campaign validator's "field: message" lines, split so that a page can show each beside its field.</summary>
    public static IReadOnlyList<FieldError> FieldErrors(IEnumerable<string> errors) => [.. errors.Select(e =>
    {
        var colon = e.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && !e[..colon].Contains(' ', StringComparison.Ordinal) ? new FieldError(e[..colon], e[(colon + 2)..]) : new FieldError(null, e);
    })];

    /// <summary>The funnel and its rates.</summary>
    public static Funnel Funnel(Contracts.Campaigns.CampaignResults r) => new(
        r.Evaluated, r.Eligible, r.Triggered, r.Capped, r.Superseded, r.HeldOut, r.Sent, r.Accepted, r.Declined,
        r.ControlConverted, r.RuleErrors, r.BelowPropensity, r.Explored, r.ExploredAccepted, r.AcceptanceRate, r.ControlConversionRate,
        r.GlobalControl, r.GlobalControlConverted, r.QuietHours, r.PolicyCapped, r.OptedOut);

    /// <summary>CDRs per minute for each value, oldest minute first.</summary>
    public static Series Series(TrafficSeries series) => new(
        [.. series.Minutes.Select(TrafficCell.StartOf)],
        [.. series.Values.OrderByDescending(v => v.Value.Sum(c => c.Cdrs)).Select(v => new SeriesValue(v.Key, [.. v.Value.Select(c => c.Cdrs)]))]);

    public static IReadOnlyList<TotalRow> Totals(TrafficTotals totals, int top = int.MaxValue) => [.. totals.Rows.Take(top).Select(r => new TotalRow(
        r.Value, r.Counts.Cdrs, Math.Round(r.Counts.VoiceMinutes, 1), r.Counts.Sms, Math.Round(r.Counts.DataBytes / 1e6, 1)))];

    /// <summary>The answer with a shape: <paramref name="value"/> as JSON.</summary>
    public static IResult Json<T>(T value, int? status = null) => Results.Json(value, Options, statusCode: status);
}
