using System.Text.Json;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Models;
using Cdr.Orleans.Domain.Campaigns;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// Every shape the web console's API, the traffic API and the live feed answer with, in one place: the contract
/// console.js reads (as camelCase JSON, <see cref="WebConsoleJson.Options"/>). <c>ConsoleApiContractTests</c> checks
/// that every field the page reads is here.
/// </summary>
public static class ConsoleApi
{
    /// <summary>Every error: what was wrong and what is accepted; a campaign's validator messages one per field.</summary>
    public sealed record Failure(string Error, IReadOnlyList<FieldError>? Errors);

    public sealed record FieldError(string? Field, string Message);

    public sealed record Session(bool KeyRequired, bool SignedIn);

    public sealed record SignIn(string? Key);

    // --- the overview and the live feed ---

    public sealed record Overview(
        Contracts.Stats.StreamBacklogReport? Stream, DateTime AsOf, long CdrsApplied, double CdrsPerSecond, long ResidentSubscribers, int Silos, Lag? Lag,
        long Rejected, IReadOnlyList<ReasonCount> RejectedByReason, IReadOnlyList<NoteCount> Notes, long DeadLettered);

    public sealed record Lag(double MeanMs, double P99Ms, double MaxMs);

    public sealed record ReasonCount(string Reason, long Cdrs);

    public sealed record NoteCount(string Note, long Cdrs);

    public sealed record LiveUpdate(Overview Overview, IReadOnlyList<LiveCampaign> Campaigns, LiveTraffic Traffic);

    public sealed record LiveCampaign(string Id, CampaignStatus Status, Funnel Results);

    public sealed record LiveTraffic(
        int Minutes, Series Regions, Series Operators, IReadOnlyList<TotalRow> Categories, IReadOnlyList<TotalRow> Countries, IReadOnlyList<TotalRow> Hours);

    /// <summary>CDRs per minute for each value, oldest minute first.</summary>
    public sealed record Series(IReadOnlyList<DateTime> Minutes, IReadOnlyList<SeriesValue> Values);

    public sealed record SeriesValue(string Value, IReadOnlyList<long> Cdrs);

    public sealed record TotalRow(string Value, long Cdrs, double VoiceMinutes, long Sms, double DataMB);

    // --- campaigns ---

    /// <summary>A contact policy as the console sets it; absent limits are none.</summary>
    public sealed record PolicyChange(int? MaxPerDay, int? MaxPerWeek, string? QuietHours, double? GlobalControlShare);

    /// <summary>The policy in force and the whole programme's uplift over its global control group (null until measured).</summary>
    public sealed record PolicyView(ContactPolicy Policy, Uplift? ProgrammeUplift);

    /// <summary>The funnel and its rates.</summary>
    public sealed record Funnel(
        long Evaluated, long Eligible, long Triggered, long Capped, long Superseded, long HeldOut, long Sent, long Accepted, long Declined,
        long ControlConverted, long RuleErrors, long BelowPropensity, long Explored, long ExploredAccepted, double? AcceptanceRate, double? ControlConversionRate,
        long GlobalControl, long GlobalControlConverted, long QuietHours, long PolicyCapped, long OptedOut);

    public sealed record CampaignSummary(
        string Id, string Name, CampaignStatus Status, string? StatusReason, int Revision, DateTime ChangedUtc, int Priority, string Offer,
        PropensityTargeting? Targeting, Funnel Results);

    /// <param name="Definition">As in a campaign file (no nulls), so it can be copied into the page's JSON box and changed.</param>
    public sealed record CampaignDetail(
        CampaignSummary Campaign, JsonElement Definition, Budget Budget, CampaignUplift Uplift, ModelBrief? Model, IReadOnlyList<OfferRow> Offers,
        IReadOnlyList<DeliveryCount> Deliveries, SendProgress? Send = null);

    /// <summary>A segment send begun: how many the segment matched, and the one-shot campaign it made.</summary>
    public sealed record SendStarted(long Matching, long Considered, CampaignSummary Campaign);

    public sealed record Budget(long? Limit, long Taken, long? Left);

    public sealed record ModelBrief(int Version, ModelKind Kind, double Auc);

    /// <summary>An offer decided, its number masked.</summary>
    public sealed record OfferRow(
        string Id, string Msisdn, DateTime CdrStartUtc, OfferOutcome Outcome, string OfferCode, IReadOnlyDictionary<string, string> Values,
        double? Propensity, bool Explored, OfferResponse Response, OfferDelivery? Delivery);

    public sealed record StatusChange(string? Status);

    public sealed record Backtest(
        string Campaign, long CdrsApplied, IReadOnlyDictionary<string, long> Rejected, IReadOnlyList<string> FirstRejections, Funnel Results,
        int Offers, IReadOnlyList<BacktestOffer> FirstOffers, string Profiles);

    public sealed record BacktestOffer(string Msisdn, DateTime CdrStartUtc, OfferOutcome Outcome, IReadOnlyDictionary<string, string> Values);

    // --- segments, the load, models ---

    public sealed record Segment(string Rule, long Matching, long Considered, double Share, IReadOnlyList<SegmentRow> Sample);

    public sealed record SegmentRow(string Msisdn, Contracts.Subscribers.Tier? Tier, Contracts.Subscribers.Plan? Plan, string? Region, string? TopTag, long? VoiceCalls, long? Sms, int? BestHour);

    public sealed record Load(double Rate, string Skew, bool Answering, int Subscribers);

    public sealed record LoadChange(double? Rate, string? Skew, bool? Answering);

    public sealed record ModelRow(string Campaign, int? Current, ModelKind? Kind, double? Auc, int Versions, ExampleCounts Examples, string? LastError);

    public sealed record ModelDetail(
        string Campaign, int? Current, string? LastError, DateTime? LastErrorUtc, bool Training, ExampleCounts Examples, IReadOnlyList<ModelVersionRow> Versions);

    /// <summary>A model version without its trees or weights.</summary>
    public sealed record ModelVersionRow(
        int Version, DateTime TrainedUtc, ModelKind Kind, ModelMetrics Holdout, ModelMetrics OtherKind, ModelMetrics? CurrentOnSameHoldout, bool Promoted,
        string Reason, IReadOnlyList<FeatureWeight> Strongest, IReadOnlyList<int> Histogram, int TrainExamples, double TrainSeconds);

    // --- the traffic API ---

    public sealed record TrafficTotalsView(string Dimension, DateTime? From, DateTime? To, IReadOnlyList<Contracts.Traffic.TrafficRow> Rows);

    public sealed record TrafficSeriesView(string Dimension, IReadOnlyList<DateTime> Minutes, IReadOnlyDictionary<string, IReadOnlyList<Contracts.Traffic.TrafficCounts>> Values);

    public sealed record TrafficHoursView(DateTime? From, DateTime? To, IReadOnlyList<Contracts.Traffic.TrafficRow> Hours);
}
