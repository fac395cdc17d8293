using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Domain.Campaigns;

namespace Cdr.Orleans.Grains.Campaigns;

/// <summary>
/// The subscriber grain's campaign step for one CDR: the Domain names the candidates (<see cref="CampaignEvaluator"/>),
/// and this asks the cluster's shared budget for the one that needs it (<see cref="GrainOfferBudget"/>). Synchronous
/// and allocation-free unless a budget lease must be refilled.
/// </summary>
public sealed class CampaignDecider(GrainOfferBudget budget, Propensity.ModelCatalog models)
{
    // Filled and walked synchronously per CDR, so one per thread serves every grain; a walk that waits detaches a copy.
    [ThreadStatic]
    private static CampaignChoice? scratch;

    public ValueTask<OfferDecision?> DecideAsync(
        CampaignSet set, SubscriberState state, CallDetailRecord cdr, HomeNetwork network, DateTime? publishedUtc, DateTime nowUtc)
    {
        var choice = scratch ??= new CampaignChoice();
        return CampaignEvaluator.Evaluate(set, state, cdr, network, choice, publishedUtc, nowUtc, models)
            ? WalkAsync(choice)
            : ValueTask.FromResult<OfferDecision?>(null);
    }

    /// <summary>
    /// A segment send's decision for one subscriber: whether the one-shot campaign of <paramref name="set"/> triggers,
    /// its decision, and the contact policy's rule that stopped it (the decision is null then, or when its budget is spent).
    /// </summary>
    public async ValueTask<(bool Triggered, OfferDecision? Decision, string? PolicyStop)> DecideOnceAsync(
        CampaignSet set, SubscriberState state, CallDetailRecord record, HomeNetwork network, DateTime nowUtc)
    {
        var choice = new CampaignChoice();
        if (!CampaignEvaluator.Evaluate(set, state, record, network, choice, null, nowUtc, models))
        {
            return (false, null, null);
        }
        var decision = await WalkAsync(choice);
        return (true, decision, choice.PolicyStop);
    }

    private ValueTask<OfferDecision?> WalkAsync(CampaignChoice choice)
    {
        while (choice.Next() is { } campaign)
        {
            if (!choice.NeedsBudget)
            {
                return ValueTask.FromResult<OfferDecision?>(choice.Decide());
            }
            var grant = budget.TryTakeAsync(campaign);
            if (!grant.IsCompletedSuccessfully)
            {
                return AwaitGrantAsync(grant, choice.Detach());
            }
            if (grant.Result)
            {
                return ValueTask.FromResult<OfferDecision?>(choice.Decide());
            }
            choice.Refused();
        }
        return ValueTask.FromResult<OfferDecision?>(null);
    }

    private async ValueTask<OfferDecision?> AwaitGrantAsync(ValueTask<bool> grant, CampaignChoice choice)
    {
        if (await grant)
        {
            return choice.Decide();
        }
        choice.Refused();
        return await WalkAsync(choice);
    }
}
