using System.Linq.Dynamic.Core.CustomTypeProviders;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Subscribers;

namespace Cdr.Orleans.Domain.Rules;

/// <summary>
/// What a campaign rule can see: the subscriber as of the CDR just folded, read-only. Rules are expressions over
/// these members and nothing else (<see cref="RuleCompiler"/> enforces it). One view is made per CDR and shared by
/// every campaign evaluated for it; each window is summed once, on first use, and only if a rule reads it.
/// </summary>
[DynamicLinqType] // lets the parser call the helpers (CallsToSameNumberWithin, CategoryCalls...); RuleCompiler's allow-list still applies
public sealed class RuleView(SubscriberState state, CallDetailRecord cdr, HomeNetwork network, global::Cdr.Orleans.Domain.Propensity.IPropensityModels? models = null)
{
    private WindowTotals? h1, h24, d7, d30;
    private string? campaignId;
    private float[]? features;
    private (string Campaign, double? Score) lastScore;
    private CdrFacts? facts;
    private EventFacts? eventFacts;
    private int sameNumberMinutes = -1, sameNumberCalls;

    // Who the subscriber is (empty / zero when no profile is loaded).
    public string Msisdn => cdr.Caller;
    public bool HasProfile => state.Profile is not null;
    public int Age => state.Profile?.Age ?? 0;
    public string Gender => state.Profile is { } p ? Names<Gender>.Of(p.Gender) : "";
    public string Region => state.Profile?.HomeRegion ?? "";
    public string Operator => state.Profile?.Operator ?? "";
    public string Plan => state.Profile is { } p ? Names<Plan>.Of(p.Plan) : "";
    public string Tier => state.Profile is { } p ? Names<Tier>.Of(p.Tier) : "";

    /// <summary>Whether the subscriber may not be offered anything (STOP, or no consent in the profile): every campaign is stopped for them anyway.</summary>
    public bool OptedOut => state.NoMarketing;

    /// <summary>Days from signup to the CDR's date; 0 without a profile.</summary>
    public int SignupDays => state.Profile is { } p ? DateOnly.FromDateTime(cdr.StartUtc).DayNumber - p.SignupDate.DayNumber : 0;

    // Lifetime totals of what the subscriber originated, and received.
    public long VoiceCalls => state.VoiceCalls;
    public double VoiceMinutes => state.VoiceSeconds / 60.0;
    public long Sms => state.SmsCount;
    public long DataSessions => state.DataSessions;
    public long DataBytes => state.DataBytes;
    public decimal Spend => state.Spend;
    public long Answered => state.Answered;
    public long Busy => state.Busy;
    public long NoAnswer => state.NoAnswer;
    public long Dropped => state.Dropped;
    public long International => state.International;
    public long Roaming => state.Roaming;
    public long IncomingCalls => state.IncomingCalls;
    public double IncomingMinutes => state.IncomingSeconds / 60.0;
    public long IncomingSms => state.IncomingSms;

    // Who the subscriber calls, from the number directory (voice calls and SMS to listed numbers).
    /// <summary>The callee category called most ("Travel", "Clinic"...); "Private" when no listed number was called.</summary>
    public string TopCategory => state.TopCategory.ToString();

    /// <summary>The tag called most ("Health", "Agency"...); "Private" when no listed number was called.</summary>
    public string TopTag => state.TopTag.ToString();

    /// <summary>Voice calls and SMS to numbers of a category, e.g. CategoryCalls("Travel"); 0 for an unknown name.</summary>
    public long CategoryCalls(string category) =>
        Names<Contracts.Callees.CalleeCategory>.TryParse(category, out var c) && state.CategoryCalls is { } calls && (int)c < calls.Length ? calls[(int)c] : 0;

    /// <summary>Voice calls and SMS to numbers of a tag, e.g. TagCalls("Health"); 0 for an unknown name.</summary>
    public long TagCalls(string tag) =>
        Names<Contracts.Callees.CategoryTag>.TryParse(tag, out var t) ? state.TagCalls()[(int)t] : 0;

    // Lifetime share of originated CDRs per part of the day (UTC).
    public double NightShare => Share(PartOfDay.Night);
    public double MorningShare => Share(PartOfDay.Morning);
    public double AfternoonShare => Share(PartOfDay.Afternoon);
    public double EveningShare => Share(PartOfDay.Evening);

    /// <summary>The hour (0-23, UTC) with the most answered calls; -1 when there are none.</summary>
    public int BestHour => state.WeekHours?.Best() is { } slot ? slot % 24 : -1;

    /// <summary>The weekday with the most answered calls ("Monday"...); empty when there are none.</summary>
    public string BestDay => state.WeekHours?.Best() is { } slot ? ((DayOfWeek)(slot / 24)).ToString() : "";

    // Sliding windows ending at the latest CDR.
    public WindowTotals H1 => h1 ??= state.Windows.LastHour();
    public WindowTotals H24 => h24 ??= state.Windows.Last24Hours();
    public WindowTotals D7 => d7 ??= state.Windows.Last7Days();
    public WindowTotals D30 => d30 ??= state.Windows.Last30Days();

    /// <summary>The CDR that is being folded (for an operator event: Cdr.Type is its kind, the rest empty).</summary>
    public CdrFacts Cdr => facts ??= new(cdr, network, state.Local(cdr.StartUtc, cdr.Caller));

    /// <summary>The operator event that is being folded; empty (Event.Kind == "") when the trigger is a CDR.</summary>
    [EventTerm]
    public EventFacts Event => eventFacts ??= new(cdr, state.Account);

    // What the operator's events said: the account (Accounts.AccountState), as of the record being folded.
    private Accounts.AccountState? Account => state.Account;

    /// <summary>The kind of the latest operator event ("top_up"...); empty before any.</summary>
    [EventTerm]
    public string LastEvent => Account is { Events: > 0 } a ? Cdrs.CdrNames.TypeName(a.LastKind) : "";

    /// <summary>Whether a balance is known (from a balance event or a top-up).</summary>
    [EventTerm]
    public bool HasBalance => Account?.Balance is not null;

    /// <summary>The latest balance known; 0 when none is.</summary>
    [EventTerm]
    public decimal Balance => Account?.Balance ?? 0;

    /// <summary>The balance before its latest change (to see it cross a line: PreviousBalance >= 1 &amp;&amp; Balance &lt; 1); the current one when there was none.</summary>
    [EventTerm]
    public decimal PreviousBalance => Account is { } a ? a.PreviousBalance ?? a.Balance ?? 0 : 0;

    /// <summary>The lowest balance reported on the last <paramref name="days"/> days (1 to 8: today and the days before); the current balance when none was.</summary>
    [EventTerm]
    public decimal LowestBalanceWithin(int days) =>
        Account?.LowestSince(ActivityWindows.DayOf(cdr.StartUtc) - Math.Clamp(days, 1, Accounts.AccountState.Kept) + 1) ?? Balance;

    /// <summary>Top-ups, and their total, since the first event.</summary>
    [EventTerm]
    public long TopUps => Account?.TopUps ?? 0;

    [EventTerm]
    public decimal TopUpAmount => Account?.TopUpAmount ?? 0;

    /// <summary>The latest top-up's amount; 0 before any.</summary>
    [EventTerm]
    public decimal LastTopUpAmount => Account?.LastTopUpAmount ?? 0;

    /// <summary>Whole days since the latest top-up; -1 before any.</summary>
    [EventTerm]
    public int DaysSinceTopUp => Account is { TopUps: > 0 } a ? (int)Math.Max(0, (cdr.StartUtc - a.LastTopUpUtc).TotalDays) : -1;

    /// <summary>Top-ups in the last <paramref name="days"/> days (1 to 90), counted among the latest 8.</summary>
    [EventTerm]
    public int TopUpsWithin(int days) => Account?.TopUpsSince(cdr.StartUtc.AddDays(-Math.Clamp(days, 1, RuleCompiler.MaxWithinDays))) ?? 0;

    /// <summary>The subscriber's usual balance when topping up: the mean balance just before its latest 8 top-ups; 0 before any.</summary>
    [EventTerm]
    public decimal AverageBalanceBeforeTopUp => Account?.AverageBalanceBeforeTopUp ?? 0;

    /// <summary>Whether a data bundle is known.</summary>
    [EventTerm]
    public bool HasBundle => Account is { BundleAllowance: > 0 };

    /// <summary>The share of the data bundle used (0.8: 80%); 0 without a bundle.</summary>
    [EventTerm]
    public double BundleShare => Account?.BundleShare ?? 0;

    /// <summary>The share used before the latest bundle event (0 at a new period), to see it cross a line: BundleShareBefore &lt; 0.8 &amp;&amp; BundleShare >= 0.8.</summary>
    [EventTerm]
    public double BundleShareBefore => Account?.BundleShareBefore ?? 0;

    [EventTerm]
    public double BundleAllowanceMb => (Account?.BundleAllowance ?? 0) / 1_000_000.0;

    [EventTerm]
    public double BundleUsedMb => (Account?.BundleUsed ?? 0) / 1_000_000.0;

    /// <summary>Whole days until the bundle renews; -1 when no renewal is known.</summary>
    [EventTerm]
    public int BundleDaysToRenewal => Account?.BundleRenewalUtc is { } renewal ? (int)Math.Max(0, (renewal - cdr.StartUtc).TotalDays) : -1;

    /// <summary>Whether the handset is registered abroad now (by the latest registration event).</summary>
    [EventTerm]
    public bool RoamingNow => Account?.VisitedCountry is not null;

    /// <summary>The country the handset is registered in abroad (ISO code); empty at home.</summary>
    [EventTerm]
    public string VisitedCountry => Account?.VisitedCountry ?? "";

    /// <summary>Hours since the current trip abroad began; 0 at home.</summary>
    [EventTerm]
    public double RoamingHours => Account is { VisitedCountry: not null } a ? Math.Max(0, (cdr.StartUtc - a.RoamingSinceUtc).TotalHours) : 0;

    /// <summary>Trips abroad (registrations abroad coming from home).</summary>
    [EventTerm]
    public long Trips => Account?.Trips ?? 0;

    /// <summary>The subscriber's current device (name or TAC, as the feed gives it); empty when none was reported.</summary>
    [EventTerm]
    public string Device => Account?.Device ?? "";

    [EventTerm]
    public long DeviceChanges => Account?.DeviceChanges ?? 0;

    /// <summary>Whole days on the current device; -1 when none was reported.</summary>
    [EventTerm]
    public int DeviceDays => Account?.Device is not null ? (int)Math.Max(0, (cdr.StartUtc - Account.DeviceSinceUtc).TotalDays) : -1;

    /// <summary>
    /// The probability (0 to 1) that this subscriber accepts the offer of the campaign being evaluated, by its current
    /// model, with the counters as they are now. 1 before the campaign has a model, so that it sends to everyone its
    /// rule otherwise selects and gathers the responses a model learns from.
    /// </summary>
    public double Propensity => ScoreOf(campaignId) ?? 1.0;

    /// <summary>The campaign whose rules are evaluated next (its model answers <see cref="Propensity"/>).</summary>
    internal void Evaluating(string campaign) => campaignId = campaign;

    /// <summary>The score of a campaign's model for this subscriber now; null when the campaign has no model. Features are computed once per view.</summary>
    internal double? ScoreOf(string? campaign)
    {
        if (campaign is null || models is null)
        {
            return null;
        }
        if (lastScore.Campaign == campaign)
        {
            return lastScore.Score;
        }
        double? score = models.ScorerOf(campaign) is { } scorer ? scorer.Score(features ??= global::Cdr.Orleans.Domain.Propensity.PropensityFeatures.Of(state)) : null;
        lastScore = (campaign, score);
        return score;
    }

    /// <summary>The most voice calls to any one number in the last <paramref name="minutes"/> minutes (at most 60).</summary>
    public int CallsToSameNumberWithin(int minutes)
    {
        // Several campaigns often ask the same question of one CDR: answer it once.
        if (minutes != sameNumberMinutes)
        {
            sameNumberCalls = state.RecentCalls?.MostToOneNumber(state.Windows.Watermark.Ticks - Math.Clamp(minutes, 0, 60) * TimeSpan.TicksPerMinute) ?? 0;
            sameNumberMinutes = minutes;
        }
        return sameNumberCalls;
    }

    private double Share(PartOfDay part)
    {
        double total = state.PartOfDay.Sum();
        return total == 0 ? 0 : state.PartOfDay[(int)part] / total;
    }
}

/// <summary>
/// Marks what a rule reads of the operator's events (the triggering event, the account they built): a campaign whose
/// rules read one is evaluated on events as well as CDRs; one whose rules read none, on CDRs only.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Method)]
public sealed class EventTermAttribute : Attribute;
