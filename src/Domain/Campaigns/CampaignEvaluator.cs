using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain.Rules;

namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// Right after a subscriber's CDR is folded: which campaigns trigger on it. Every active campaign whose schedule covers
/// the CDR is evaluated against one shared <see cref="RuleView"/> (on an operator event, only those whose rules read
/// the events: <see cref="Campaign.ReadsEvents"/>); those whose eligibility and trigger hold go into a
/// <see cref="CampaignChoice"/>, whose walk makes at most one decision per CDR: the highest priority that is not
/// capped, held out if the subscriber is in its control group, otherwise sent once its budget (if any) grants it;
/// the contact policy (<see cref="ContactRules"/>) stands above that walk.
/// The same code runs in the subscriber grain and in the offline backtest.
/// </summary>
public static class CampaignEvaluator
{
    /// <summary>Fills <paramref name="choice"/> with the campaigns that trigger; false when none does.</summary>
    public static bool Evaluate(
        CampaignSet set, SubscriberState state, CallDetailRecord cdr, HomeNetwork network, CampaignChoice choice,
        DateTime? publishedUtc = null, DateTime? nowUtc = null, Propensity.IPropensityModels? models = null)
    {
        RuleView? view = null;
        choice.Reset(state, cdr, publishedUtc, nowUtc, set.Rules);
        var isEvent = Cdrs.CdrNames.IsEvent(cdr.Type);
        foreach (var campaign in set.Campaigns)
        {
            if (isEvent && !campaign.ReadsEvents || !campaign.RunsAt(cdr.StartUtc, choice.Local) || campaign.QuarantineReason is not null)
            {
                continue;
            }
            var tally = campaign.Tally;
            tally.Add(CampaignCounter.Evaluated);
            view ??= new RuleView(state, cdr, network, models);
            view.Evaluating(campaign.Id);
            if (!campaign.EveryoneEligible && !Holds(campaign, campaign.Eligibility, view, tally))
            {
                continue;
            }
            tally.Add(CampaignCounter.Eligible);
            if (!Holds(campaign, campaign.Trigger, view, tally))
            {
                continue;
            }
            tally.Add(CampaignCounter.Triggered);
            if (BelowTarget(campaign, view, cdr.Caller))
            {
                tally.Add(CampaignCounter.BelowPropensity);
                continue;
            }
            choice.Add(campaign, view);
        }
        return !choice.IsEmpty;
    }

    /// <summary>
    /// Targeting: once the campaign has a model, a subscriber outside its exploration share whose score is below the
    /// minimum is not offered. Before its first model, everyone its rules select is (so responses are gathered).
    /// </summary>
    private static bool BelowTarget(Campaign campaign, RuleView view, string msisdn) =>
        campaign.Definition.Targeting is { } targeting
        && view.ScoreOf(campaign.Id) is { } score
        && score < targeting.MinPropensity
        && !OfferIds.IsExplored(campaign.Id, msisdn, targeting.ExploreShare);

    private static bool Holds(Campaign campaign, CompiledRule rule, RuleView view, CampaignTally tally)
    {
        try
        {
            var holds = rule.Evaluate(view);
            campaign.Succeeded();
            return holds;
        }
        catch (Exception ex)
        {
            // E.g. an integer division by zero for this subscriber: the rule does not hold, and the campaign's results
            // say so. Any exception: one campaign's rule never stops the CDR it is evaluated on; one that keeps throwing
            // is quarantined.
            tally.Add(CampaignCounter.RuleErrors);
            campaign.Failed(ex);
            return false;
        }
    }
}
