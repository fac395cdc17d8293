using System.Text;
using Cdr.Orleans.Contracts.Segments;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Cdrs;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// Segments for the console (the replaced system's "plan" page): how many subscribers a rule holds for, with a
/// sample table (numbers masked), and every matching number as a CSV file for the campaign that will use them. A
/// query asks every subscriber, so a silo runs at most <see cref="WebConsoleOptions.MaxConcurrentSegments"/> at once
/// (429 past that), each for at most <see cref="WebConsoleOptions.SegmentTimeBudget"/> (503 past that).
/// </summary>
public static class SegmentEndpoints
{
    public const int MaxSample = 50;

    public static void MapSegmentEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/segments", async Task<IResult> (string? rule, int? sample, IGrainFactory grains, ConsoleLimits limits, CancellationToken aborted) =>
        {
            if (string.IsNullOrWhiteSpace(rule))
            {
                return WebConsoleJson.Error(StatusCodes.Status400BadRequest, "rule: missing; give a rule over subscribers, e.g. TopTag == \"Health\" && EveningShare > 0.5");
            }
            var size = Math.Clamp(sample ?? 10, 0, MaxSample);
            return await QueryAsync(limits, token => grains.GetGrain<ISegmentGrain>(0).QueryAsync(rule, size, token), aborted, async Task<IResult> (result) =>
            {
                var rows = await Task.WhenAll(result.Sample.Select(async msisdn =>
                {
                    var s = await grains.GetGrain<ISubscriberGrain>(msisdn).GetSnapshotAsync();
                    return new ConsoleApi.SegmentRow(Msisdn.Mask(msisdn), s?.Profile?.Tier, s?.Profile?.Plan, s?.Profile?.HomeRegion, s?.Callees?.TopTag,
                        s?.Totals.VoiceCalls, s?.Totals.SmsCount, s?.BestTimeToCall?.Hour);
                }));
                return WebConsoleJson.Json(new ConsoleApi.Segment(rule, result.Matching, result.Considered,
                    result.Considered == 0 ? 0 : (double)result.Matching / result.Considered, rows));
            });
        });
        // Every matching number in full: personal data, behind the key when one is set (as every route is).
        api.MapGet("/segments.csv", async Task<IResult> (string? rule, IGrainFactory grains, ConsoleLimits limits, CancellationToken aborted) =>
        {
            if (string.IsNullOrWhiteSpace(rule))
            {
                return WebConsoleJson.Error(StatusCodes.Status400BadRequest, "rule: missing; give a rule over subscribers, e.g. TopTag == \"Health\"");
            }
            return await QueryAsync(limits, token => grains.GetGrain<ISegmentGrain>(0).QueryAsync(rule, int.MaxValue, token), aborted, result =>
            {
                var csv = new StringBuilder("msisdn\n", 8 + (result.Sample.Count * 15));
                foreach (var msisdn in result.Sample)
                {
                    csv.Append(msisdn).Append('\n');
                }
                return Task.FromResult(Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", "segment.csv"));
            });
        });
    }

    /// <summary>The query within the silo's limits: 429 when too many run, 503 when it outlasts its budget, 400 for a bad rule.</summary>
    public static async Task<IResult> QueryAsync(
        ConsoleLimits limits, Func<CancellationToken, Task<SegmentResult>> query, CancellationToken aborted, Func<SegmentResult, Task<IResult>> answer)
    {
        using var place = limits.TrySegment();
        if (place is null)
        {
            return ConsoleLimits.Busy("segment queries", nameof(WebConsoleOptions.MaxConcurrentSegments), limits.Settings.MaxConcurrentSegments);
        }
        var budget = limits.Settings.SegmentTimeBudget;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        stop.CancelAfter(budget);
        SegmentResult result;
        try
        {
            result = await query(stop.Token);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return WebConsoleJson.Error(StatusCodes.Status503ServiceUnavailable,
                $"the segment query took longer than {budget.TotalSeconds:0} s, its budget ({WebConsoleOptions.SectionName}:SegmentTimeBudget), and was stopped; " +
                "narrow the rule or try when the cluster is less busy");
        }
        return result.Error is { } error ? WebConsoleJson.Error(StatusCodes.Status400BadRequest, $"rule: {error}") : await answer(result);
    }
}
