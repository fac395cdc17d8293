using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Subscribers;

namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// Runs campaigns over CDRs offline with the engine's own code: the same intake, fold, routing to callees and
/// evaluator, a fresh state per subscriber, and each campaign's budget counted from zero. Given the same profiles and
/// CDRs, it decides what the cluster decides (the e2e test holds it to that), as long as no rule reads what a
/// subscriber received (Incoming*, BestHour, BestDay: the cluster may fold a callee's incoming calls in another order).
/// </summary>
public sealed class CampaignBacktest
{
    private readonly Dictionary<string, SubscriberState> states = new(StringComparer.Ordinal);
    private readonly CampaignTallies tallySlots = new();
    private readonly Dictionary<string, CampaignTally> tallies = new(StringComparer.Ordinal);
    private readonly CampaignChoice choice = new();
    private readonly Dictionary<string, long> rejected = new(StringComparer.Ordinal);
    private readonly List<OfferDecision> decisions = [];
    private readonly CountingBudget budget = new();
    private readonly HomeNetwork network;
    private readonly CampaignSet campaigns;
    private readonly DateTime nowUtc;
    private readonly TimeSpan futureTolerance;
    private long applied;

    public CampaignBacktest(IEnumerable<CampaignDefinition> definitions, HomeNetwork network, DateTime nowUtc, TimeSpan futureTolerance)
    {
        this.network = network;
        this.nowUtc = nowUtc;
        this.futureTolerance = futureTolerance;
        var compiled = new List<Campaign>();
        foreach (var definition in definitions)
        {
            var record = new CampaignRecord(definition, CampaignStatus.Active, 1, nowUtc, nowUtc);
            var campaign = Campaign.TryCompile(record, tallies[definition.Id] = tallySlots.NewTally(), out var errors)
                ?? throw new ArgumentException($"campaign '{definition.Id}' is not valid: {string.Join("; ", errors)}");
            compiled.Add(campaign);
        }
        campaigns = new CampaignSet(1, compiled);
    }

    public void AddProfile(SubscriberProfile profile) => StateOf(profile.Msisdn).Profile = profile;

    /// <summary>Folds one CDR, in file order, and evaluates the campaigns for its caller as the subscriber grain does.</summary>
    public void Apply(CallDetailRecord raw)
    {
        if (CdrIntake.Accept(raw, nowUtc, futureTolerance, out var reason, out _) is not { } cdr)
        {
            var code = reason!.Code;
            rejected[code] = rejected.GetValueOrDefault(code) + 1;
            return;
        }
        applied++;
        var caller = StateOf(cdr.Caller);
        SubscriberFold.ApplyOutgoing(caller, cdr, network);
        if (CampaignEvaluator.Evaluate(campaigns, caller, cdr, network, choice) && choice.DecideWith(budget.TryTake) is { } decision)
        {
            decisions.Add(decision);
        }
        if (CdrIntake.ReachesCallee(cdr, network))
        {
            var callee = StateOf(cdr.Callee);
            SubscriberFold.ApplyIncoming(callee, cdr);
        }
    }

    public BacktestResult Result() => new(
        [.. decisions],
        tallies.ToDictionary(t => t.Key, t => t.Value.Snapshot(), StringComparer.Ordinal),
        applied,
        new Dictionary<string, long>(rejected, StringComparer.Ordinal));

    private SubscriberState StateOf(string msisdn)
    {
        if (!states.TryGetValue(msisdn, out var state))
        {
            states[msisdn] = state = new SubscriberState();
        }
        return state;
    }
}
