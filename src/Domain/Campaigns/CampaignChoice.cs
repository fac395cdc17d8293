using System.Globalization;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain.Rules;

namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// The campaigns that triggered on one CDR, highest priority first, and the walk that picks the one that decides:
/// <see cref="Next"/> passes over capped candidates; a candidate that must be sent on a shared budget
/// (<see cref="NeedsBudget"/>) waits for the caller to ask the budget, then is <see cref="Decide">decided</see> or
/// <see cref="Refused">refused</see>. Pure: the budget is the caller's business. Reusable: <see cref="CampaignEvaluator"/>
/// fills it again for the next CDR, so a caller that must wait for a budget keeps a <see cref="Detach">copy</see>.
/// </summary>
public sealed class CampaignChoice
{
    private readonly List<Campaign> triggered = new(16);
    private int current;
    private bool heldOut;
    private SubscriberState state = null!;
    private CallDetailRecord cdr = null!;
    private RuleView view = null!;
    private DateTime? publishedUtc;
    private DateTime? nowUtc;
    private ContactRules rules = ContactRules.None;
    private DateTime? local;
    private bool policyApplied;
    private string? stop;
    private readonly Func<DateTime> localTime;

    public CampaignChoice() => localTime = LocalNow;

    /// <summary>The CDR's start in the subscriber's local time, found once per CDR when first asked.</summary>
    public Func<DateTime> Local => localTime;

    public bool IsEmpty => triggered.Count == 0;

    /// <summary>The contact policy's rule that stopped the walk (opted out, quiet hours, a cap over all campaigns); null when none did.</summary>
    public string? PolicyStop => stop is PolicyRules.GlobalControl ? null : stop;

    /// <summary>Whether the candidate <see cref="Next"/> returned can only be sent with an offer from its shared budget.</summary>
    public bool NeedsBudget => !heldOut && triggered[current].HasBudget;

    internal void Reset(SubscriberState state, CallDetailRecord cdr, DateTime? publishedUtc, DateTime? nowUtc, ContactRules rules)
    {
        triggered.Clear();
        (this.state, this.cdr, this.publishedUtc, this.nowUtc, current, view) = (state, cdr, publishedUtc, nowUtc, 0, null!);
        (this.rules, local, policyApplied, stop) = (rules, null, false, null);
    }

    private DateTime LocalNow() => local ??= state.Local(cdr.StartUtc, cdr.Caller);

    internal void Add(Campaign campaign, RuleView view)
    {
        triggered.Add(campaign);
        this.view = view;
    }

    /// <summary>
    /// The next candidate that is not capped (capped ones are counted and passed over); null: no decision on this CDR.
    /// The first candidate not capped meets the contact policy: held out by its global control group, or stopped (opted
    /// out, quiet hours, a cap over all campaigns: counted on that campaign, and the walk ends).
    /// </summary>
    public Campaign? Next()
    {
        var history = state.Offers ??= new OfferHistory();
        for (; current < triggered.Count; current++)
        {
            var campaign = triggered[current];
            if (campaign.BudgetExhausted || history.CountWithin(campaign, cdr.StartUtc) >= campaign.Definition.Caps.PerSubscriber)
            {
                campaign.Tally.Add(CampaignCounter.Capped);
                continue;
            }
            if (!policyApplied)
            {
                policyApplied = true;
                stop = rules.Stop(state, cdr.Caller, LocalNow());
            }
            switch (stop)
            {
                case null:
                    heldOut = OfferIds.IsHeldOut(campaign.Id, cdr.Caller, campaign.Definition.ControlShare);
                    return campaign;
                case PolicyRules.GlobalControl:
                    heldOut = true;
                    return campaign;
                case PolicyRules.OptedOut:
                    campaign.Tally.Add(CampaignCounter.OptedOut);
                    break;
                default:
                    campaign.Tally.Add(stop == PolicyRules.QuietHours ? CampaignCounter.QuietHours : CampaignCounter.PolicyCapped);
                    history.Suppressed(Decision(campaign, OfferOutcome.Suppressed));
                    break;
            }
            current = triggered.Count;
        }
        return null;
    }

    /// <summary>The shared budget said no: the candidate is capped, here and for every later CDR until it is recompiled.</summary>
    public void Refused()
    {
        var campaign = triggered[current++];
        campaign.BudgetExhausted = true;
        campaign.Tally.Add(CampaignCounter.Capped);
    }

    /// <summary>The decision of the current candidate (held out, or sent): counted, recorded in the history; the candidates after it are superseded.</summary>
    public OfferDecision Decide()
    {
        var campaign = triggered[current];
        var outcome = heldOut ? OfferOutcome.HeldOut : OfferOutcome.Sent;
        campaign.Tally.Add(outcome == OfferOutcome.Sent ? CampaignCounter.Sent
            : stop == PolicyRules.GlobalControl ? CampaignCounter.GlobalControl : CampaignCounter.HeldOut);
        for (var i = current + 1; i < triggered.Count; i++)
        {
            triggered[i].Tally.Add(CampaignCounter.Superseded);
        }
        var decision = Decision(campaign, outcome);
        if (decision.Explored)
        {
            campaign.Tally.Add(CampaignCounter.Explored);
        }
        state.Offers!.Record(campaign, decision);
        if (outcome == OfferOutcome.Sent)
        {
            state.Offers.RecordSent(DateOnly.FromDateTime(LocalNow()).DayNumber);
        }
        return decision;
    }

    /// <summary>Decides with a budget that answers at once (the backtest's): the whole walk in one call.</summary>
    public OfferDecision? DecideWith(Func<Campaign, bool> takeBudget)
    {
        while (Next() is { } campaign)
        {
            if (!NeedsBudget || takeBudget(campaign))
            {
                return Decide();
            }
            Refused();
        }
        return null;
    }

    /// <summary>A copy from the current candidate on, for a caller that waits for a budget while this one is reused.</summary>
    public CampaignChoice Detach()
    {
        var copy = new CampaignChoice
        {
            state = state, cdr = cdr, view = view, publishedUtc = publishedUtc, nowUtc = nowUtc, heldOut = heldOut,
            rules = rules, local = local, policyApplied = policyApplied, stop = stop,
        };
        copy.triggered.AddRange(triggered.Skip(current));
        return copy;
    }

    private OfferDecision Decision(Campaign campaign, OfferOutcome outcome)
    {
        var offer = campaign.Definition.Offer;
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        view.Evaluating(campaign.Id); // Propensity in the terms is this campaign's
        AddTerms(values, campaign.Eligibility);
        AddTerms(values, campaign.Trigger);
        var score = view.ScoreOf(campaign.Id);
        var explored = outcome == OfferOutcome.Sent && score is not null && campaign.Definition.Targeting is { } targeting
            && OfferIds.IsExplored(campaign.Id, cdr.Caller, targeting.ExploreShare);
        return new OfferDecision(
            OfferIds.For(campaign.Id, cdr.Caller, cdr.Id), campaign.Id, cdr.Caller, cdr.Id, cdr.StartUtc, outcome,
            offer.Code, offer.Text, offer.Channel, offer.Value, new Dictionary<string, string>(values, StringComparer.Ordinal),
            publishedUtc, nowUtc, score is { } s ? Math.Round(s, 4) : null, explored,
            outcome == OfferOutcome.Suppressed || (outcome == OfferOutcome.HeldOut && stop == PolicyRules.GlobalControl) ? stop : null);
    }

    private void AddTerms(SortedDictionary<string, string> values, CompiledRule rule)
    {
        var read = rule.ReadTerms(view);
        for (var i = 0; i < read.Length; i++)
        {
            values[rule.Terms[i]] = Format(read[i]);
        }
    }

    /// <summary>A value as the offer shows it; a subscriber's number (a rule can read <c>Msisdn</c>) masked, as everywhere a person reads it.</summary>
    private static string Format(object? value) => value switch
    {
        null => "",
        string s when s.Length > 4 && s[0] == '+' && !s.AsSpan(1).ContainsAnyExceptInRange('0', '9') => Cdrs.Msisdn.Mask(s),
        double d => Math.Round(d, 3).ToString(CultureInfo.InvariantCulture),
        decimal m => Math.Round(m, 4).ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
