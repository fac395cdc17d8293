using System.Globalization;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain.Rules;

namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>A campaign budget shared by every process that evaluates the campaign; never exceeded.</summary>
public interface IOfferBudget
{
    /// <summary>Takes one offer from the campaign's budget; false when none is left.</summary>
    ValueTask<bool> TryTakeAsync(Campaign campaign);
}

/// <summary>
/// Decides, right after a subscriber's CDR is folded, which campaign (if any) makes an offer on it. Every active
/// campaign whose schedule covers the CDR is evaluated against one shared <see cref="RuleView"/>; of those that
/// trigger, the highest priority that is not capped wins: held out if the subscriber is in its control group,
/// otherwise sent once the budget grants it. At most one decision per CDR. The same code runs in the subscriber
/// grain and in the offline backtest.
/// </summary>
public static class CampaignEvaluator
{
    // The campaigns that triggered on the CDR being decided, reused: only the synchronous part of a decision uses it
    // (a decision that must wait for a budget copies what it still needs), so one list per thread is enough.
    [ThreadStatic]
    private static List<Campaign>? scratch;

    public static ValueTask<OfferDecision?> DecideAsync(
        CampaignSet set, SubscriberState state, CallDetailRecord cdr, HomeNetwork network, IOfferBudget budget,
        DateTime? publishedUtc = null, DateTime? nowUtc = null)
    {
        RuleView? view = null;
        var triggered = scratch ??= new List<Campaign>(16);
        triggered.Clear();
        foreach (var campaign in set.Campaigns)
        {
            if (!campaign.RunsAt(cdr.StartUtc))
            {
                continue;
            }
            var tally = campaign.Tally;
            tally.Add(CampaignTally.Counter.Evaluated);
            view ??= new RuleView(state, cdr, network);
            if (!campaign.EveryoneEligible && !Holds(campaign.Eligibility, view, tally))
            {
                continue;
            }
            tally.Add(CampaignTally.Counter.Eligible);
            if (!Holds(campaign.Trigger, view, tally))
            {
                continue;
            }
            tally.Add(CampaignTally.Counter.Triggered);
            triggered.Add(campaign);
        }
        if (triggered.Count == 0)
        {
            return ValueTask.FromResult<OfferDecision?>(null);
        }
        return Choose(triggered, 0, new Context(state, cdr, view!, budget, publishedUtc, nowUtc));
    }

    /// <summary>What a decision needs besides the candidates.</summary>
    private readonly record struct Context(SubscriberState State, CallDetailRecord Cdr, RuleView View, IOfferBudget Budget, DateTime? PublishedUtc, DateTime? NowUtc);

    /// <summary>
    /// Walks the triggered campaigns from <paramref name="from"/> in priority order and returns the first decision.
    /// Synchronous unless a budget must be asked, and then only from that candidate on.
    /// </summary>
    private static ValueTask<OfferDecision?> Choose(List<Campaign> triggered, int from, Context context)
    {
        var history = context.State.Offers ??= new OfferHistory();
        for (var i = from; i < triggered.Count; i++)
        {
            var campaign = triggered[i];
            if (campaign.BudgetExhausted || history.CountWithin(campaign, context.Cdr.StartUtc) >= campaign.Definition.Caps.PerSubscriber)
            {
                campaign.Tally.Add(CampaignTally.Counter.Capped);
                continue;
            }
            if (OfferIds.IsHeldOut(campaign.Id, context.Cdr.Caller, campaign.Definition.ControlShare))
            {
                return ValueTask.FromResult<OfferDecision?>(Decide(triggered, i, OfferOutcome.HeldOut, context));
            }
            if (!campaign.HasBudget)
            {
                return ValueTask.FromResult<OfferDecision?>(Decide(triggered, i, OfferOutcome.Sent, context));
            }
            var grant = context.Budget.TryTakeAsync(campaign);
            if (!grant.IsCompletedSuccessfully)
            {
                return AwaitBudgetAsync(grant, triggered.GetRange(i, triggered.Count - i), context);
            }
            if (grant.Result)
            {
                return ValueTask.FromResult<OfferDecision?>(Decide(triggered, i, OfferOutcome.Sent, context));
            }
            Refused(campaign);
        }
        return ValueTask.FromResult<OfferDecision?>(null);
    }

    private static async ValueTask<OfferDecision?> AwaitBudgetAsync(ValueTask<bool> grant, List<Campaign> rest, Context context)
    {
        if (await grant)
        {
            return Decide(rest, 0, OfferOutcome.Sent, context);
        }
        Refused(rest[0]);
        return await Choose(rest, 1, context);
    }

    private static void Refused(Campaign campaign)
    {
        campaign.BudgetExhausted = true;
        campaign.Tally.Add(CampaignTally.Counter.Capped);
    }

    /// <summary>The decision of candidate <paramref name="winner"/>: counted, recorded in the history; the candidates after it are superseded.</summary>
    private static OfferDecision Decide(List<Campaign> candidates, int winner, OfferOutcome outcome, Context context)
    {
        var campaign = candidates[winner];
        campaign.Tally.Add(outcome == OfferOutcome.Sent ? CampaignTally.Counter.Sent : CampaignTally.Counter.HeldOut);
        for (var i = winner + 1; i < candidates.Count; i++)
        {
            candidates[i].Tally.Add(CampaignTally.Counter.Superseded);
        }
        var decision = Decision(campaign, context.Cdr, context.View, outcome, context.PublishedUtc, context.NowUtc);
        context.State.Offers!.Record(campaign, decision);
        return decision;
    }

    private static bool Holds(CompiledRule rule, RuleView view, CampaignTally tally)
    {
        try
        {
            return rule.Evaluate(view);
        }
        catch (Exception ex) when (ex is ArithmeticException or NullReferenceException or ArgumentException)
        {
            // E.g. an integer division by zero for this subscriber: the rule does not hold, and the campaign's results say so.
            tally.Add(CampaignTally.Counter.RuleErrors);
            return false;
        }
    }

    private static OfferDecision Decision(
        Campaign campaign, CallDetailRecord cdr, RuleView view, OfferOutcome outcome, DateTime? publishedUtc, DateTime? nowUtc)
    {
        var offer = campaign.Definition.Offer;
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        AddTerms(values, campaign.Eligibility, view);
        AddTerms(values, campaign.Trigger, view);
        return new OfferDecision(
            OfferIds.For(campaign.Id, cdr.Caller, cdr.Id), campaign.Id, cdr.Caller, cdr.Id, cdr.StartUtc, outcome,
            offer.Code, offer.Text, offer.Channel, offer.Value, new Dictionary<string, string>(values, StringComparer.Ordinal),
            publishedUtc, nowUtc);
    }

    private static void AddTerms(SortedDictionary<string, string> values, CompiledRule rule, RuleView view)
    {
        var read = rule.ReadTerms(view);
        for (var i = 0; i < read.Length; i++)
        {
            values[rule.Terms[i]] = Format(read[i]);
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        double d => Math.Round(d, 3).ToString(CultureInfo.InvariantCulture),
        decimal m => Math.Round(m, 4).ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
