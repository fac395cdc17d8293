using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Domain.Campaigns;

namespace Cdr.Orleans.Tests.Campaigns;

/// <summary>One subscriber's CDRs folded and evaluated one by one, as the subscriber grain does, with a counted budget.</summary>
internal sealed class CampaignScenario
{
    private readonly CampaignSet set;
    private readonly CountingBudget budget = new();
    private readonly CampaignChoice choice = new();

    public CampaignScenario(SubscriberProfile? profile, params Campaign[] campaigns)
        : this(ContactPolicy.None, profile, campaigns)
    {
    }

    /// <summary>Under a contact policy.</summary>
    public CampaignScenario(ContactPolicy policy, SubscriberProfile? profile, params Campaign[] campaigns)
    {
        State = new SubscriberState { Profile = profile };
        set = new CampaignSet(1, campaigns, new ContactRules(policy));
    }

    public SubscriberState State { get; }

    public List<OfferDecision> Decisions { get; } = [];

    public static SubscriberProfile Profile(string msisdn, Tier tier = Tier.Free, int age = 30, int signupDaysAgo = 400) =>
        new(msisdn, "Test Subscriber", age, Gender.Female, "London", "Northwind Mobile", Plan.Prepaid, tier,
            DateOnly.FromDateTime(Cdrs.T0).AddDays(-signupDaysAgo));

    /// <summary>Campaign <paramref name="id"/> from campaigns/, with no control group unless one is given.</summary>
    public static Campaign Shipped(string id, double controlShare = 0) =>
        ShippedCampaigns.Compile(ShippedCampaigns.Load(id) with { ControlShare = controlShare });

    public OfferDecision? Apply(CallDetailRecord cdr)
    {
        SubscriberFold.ApplyOutgoing(State, cdr, HomeNetwork.Default);
        var decision = CampaignEvaluator.Evaluate(set, State, cdr, HomeNetwork.Default, choice) ? choice.DecideWith(budget.TryTake) : null;
        if (decision is not null)
        {
            Decisions.Add(decision);
        }
        return decision;
    }

    public void ApplyAll(IEnumerable<CallDetailRecord> cdrs)
    {
        foreach (var cdr in cdrs)
        {
            Apply(cdr);
        }
    }
}
