using System.Text;
using Cdr.Orleans.Contracts.Segments;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Cdrs;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// Segments for the console (the replaced system's "plan" page): how many subscribers a rule holds for, with a
/// sample table (numbers masked), and every matching number as a CSV file for the campaign that will use them.
/// </summary>
public static class SegmentEndpoints
{
    public const int MaxSample = 50;

    public static void MapSegmentEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/segments", async (string? rule, int? sample, IGrainFactory grains) =>
        {
            if (string.IsNullOrWhiteSpace(rule))
            {
                return WebConsoleJson.Error(StatusCodes.Status400BadRequest, "rule: missing; give a rule over subscribers, e.g. TopTag == \"Health\" && EveningShare > 0.5");
            }
            var size = Math.Clamp(sample ?? 10, 0, MaxSample);
            var result = await grains.GetGrain<ISegmentGrain>(0).QueryAsync(rule, size);
            if (result.Error is { } error)
            {
                return WebConsoleJson.Error(StatusCodes.Status400BadRequest, $"rule: {error}");
            }
            var rows = await Task.WhenAll(result.Sample.Select(async msisdn =>
            {
                var s = await grains.GetGrain<ISubscriberGrain>(msisdn).GetSnapshotAsync();
                return new
                {
                    msisdn = Msisdn.Mask(msisdn), tier = s?.Profile?.Tier, plan = s?.Profile?.Plan, region = s?.Profile?.HomeRegion,
                    topTag = s?.Callees?.TopTag, voiceCalls = s?.Totals.VoiceCalls, sms = s?.Totals.SmsCount, bestHour = s?.BestTimeToCall?.Hour,
                };
            }));
            return Results.Json(new
            {
                rule, result.Matching, result.Considered,
                share = result.Considered == 0 ? 0 : (double)result.Matching / result.Considered,
                sample = rows,
            }, WebConsoleJson.Options);
        });
        // Every matching number in full: personal data, so behind the key when one is set, as changes are.
        api.MapGet("/segments.csv", async (string? rule, IGrainFactory grains) =>
        {
            if (string.IsNullOrWhiteSpace(rule))
            {
                return WebConsoleJson.Error(StatusCodes.Status400BadRequest, "rule: missing; give a rule over subscribers, e.g. TopTag == \"Health\"");
            }
            var result = await grains.GetGrain<ISegmentGrain>(0).QueryAsync(rule, int.MaxValue);
            if (result.Error is { } error)
            {
                return WebConsoleJson.Error(StatusCodes.Status400BadRequest, $"rule: {error}");
            }
            var csv = new StringBuilder("msisdn\n", 8 + (result.Sample.Count * 15));
            foreach (var msisdn in result.Sample)
            {
                csv.Append(msisdn).Append('\n');
            }
            return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", "segment.csv");
        }).AddEndpointFilter<ApiKeyFilter>();
    }
}
