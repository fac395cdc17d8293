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
    public static ValueTask<OfferDecision?> DecideAsync(
        CampaignSet set, SubscriberState state, CallDetailRecord cdr, HomeNetwork network, IOfferBudget budget,
        DateTime? publishedUtc = null, DateTime? nowUtc = null)
    {
        RuleView? view = null;
        List<Campaign>? triggered = null;
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
            (triggered ??= new List<Campaign>(2)).Add(campaign);
        }
        return triggered is null
            ? ValueTask.FromResult<OfferDecision?>(null)
            : ChooseAsync(triggered, state, cdr, view!, budget, publishedUtc, nowUtc);
    }

    private static async ValueTask<OfferDecision?> ChooseAsync(
        List<Campaign> triggered, SubscriberState state, CallDetailRecord cdr, RuleView view, IOfferBudget budget,
        DateTime? publishedUtc, DateTime? nowUtc)
    {
        var history = state.Offers ??= new OfferHistory();
        OfferDecision? decision = null;
        foreach (var campaign in triggered)
        {
            if (decision is not null)
            {
                campaign.Tally.Add(CampaignTally.Counter.Superseded);
                continue;
            }
            if (campaign.BudgetExhausted || history.CountWithin(campaign, cdr.StartUtc) >= campaign.Definition.Caps.PerSubscriber)
            {
                campaign.Tally.Add(CampaignTally.Counter.Capped);
                continue;
            }
            OfferOutcome outcome;
            if (OfferIds.IsHeldOut(campaign.Id, cdr.Caller, campaign.Definition.ControlShare))
            {
                outcome = OfferOutcome.HeldOut;
            }
            else if (!campaign.HasBudget || await budget.TryTakeAsync(campaign))
            {
                outcome = OfferOutcome.Sent;
            }
            else
            {
                campaign.BudgetExhausted = true;
                campaign.Tally.Add(CampaignTally.Counter.Capped);
                continue;
            }
            campaign.Tally.Add(outcome == OfferOutcome.Sent ? CampaignTally.Counter.Sent : CampaignTally.Counter.HeldOut);
            decision = Decision(campaign, cdr, view, outcome, publishedUtc, nowUtc);
            history.Record(campaign, decision);
        }
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
