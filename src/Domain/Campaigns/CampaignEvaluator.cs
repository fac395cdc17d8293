using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain.Rules;

namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// Right after a subscriber's CDR is folded: which campaigns trigger on it. Every active campaign whose schedule covers
/// the CDR is evaluated against one shared <see cref="RuleView"/>; those whose eligibility and trigger hold go into a
/// <see cref="CampaignChoice"/>, whose walk makes at most one decision per CDR: the highest priority that is not
/// capped, held out if the subscriber is in its control group, otherwise sent once its budget (if any) grants it.
/// The same code runs in the subscriber grain and in the offline backtest.
/// </summary>
public static class CampaignEvaluator
{
    /// <summary>Fills <paramref name="choice"/> with the campaigns that trigger; false when none does.</summary>
    public static bool Evaluate(
        CampaignSet set, SubscriberState state, CallDetailRecord cdr, HomeNetwork network, CampaignChoice choice,
        DateTime? publishedUtc = null, DateTime? nowUtc = null)
    {
        RuleView? view = null;
        choice.Reset(state, cdr, publishedUtc, nowUtc);
        foreach (var campaign in set.Campaigns)
        {
            if (!campaign.RunsAt(cdr.StartUtc))
            {
                continue;
            }
            var tally = campaign.Tally;
            tally.Add(CampaignCounter.Evaluated);
            view ??= new RuleView(state, cdr, network);
            if (!campaign.EveryoneEligible && !Holds(campaign.Eligibility, view, tally))
            {
                continue;
            }
            tally.Add(CampaignCounter.Eligible);
            if (!Holds(campaign.Trigger, view, tally))
            {
                continue;
            }
            tally.Add(CampaignCounter.Triggered);
            choice.Add(campaign, view);
        }
        return !choice.IsEmpty;
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
            tally.Add(CampaignCounter.RuleErrors);
            return false;
        }
    }
}
