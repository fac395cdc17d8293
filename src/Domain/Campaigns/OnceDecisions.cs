using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Cdrs;

namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// A segment send's decision for one subscriber (<see cref="CampaignSet.Sending"/>): made on a record that stands for
/// the moment of the send, so that its offer id, cap, control group, budget and the contact policy work as for a CDR;
/// and remembered with the subscriber, so that a walk taken up again, or a later pass, never decides it twice.
/// </summary>
public static class OnceDecisions
{
    /// <summary>The one-shot campaigns a subscriber remembers having decided; past this the oldest are forgotten.</summary>
    public const int Kept = 32;

    /// <summary>
    /// The record a send decides on: the subscriber at <paramref name="nowUtc"/>, with nothing folded (so rules read the
    /// subscriber as it is); its id makes the offer id the same every time this pass of this revision reaches this
    /// subscriber (a walk taken up again), and another at a later pass (after quiet hours stopped an earlier one).
    /// </summary>
    public static CallDetailRecord Record(string msisdn, string campaignId, int revision, int pass, DateTime nowUtc) =>
        new($"send:{campaignId}:{revision}:{pass}", msisdn, "", nowUtc, 0, CdrType.Data, 0, CallResult.Answered, 0, "", false, "");

    public static bool HasDecided(SubscriberState state, string campaignId) => state.DecidedOnce?.Contains(campaignId) == true;

    /// <summary>
    /// What the subscriber's decision comes to: <paramref name="triggered"/>, whether its eligibility and trigger held;
    /// <paramref name="decision"/>, sent or held out; else <paramref name="policyStop"/>, the contact policy's rule that
    /// stopped it; else its budget was spent (<paramref name="campaign"/> says so), or its cap met an earlier decision.
    /// All but quiet hours (which end) and a spent budget are final, remembered.
    /// </summary>
    public static OnceResult Outcome(bool triggered, OfferDecision? decision, string? policyStop, SubscriberState state, string msisdn, ContactRules rules, DateTime nowUtc, Campaign campaign)
    {
        if (!triggered)
        {
            return new(OnceOutcome.NotMatching);
        }
        if (policyStop == PolicyRules.QuietHours)
        {
            return new(OnceOutcome.QuietHours, rules.QuietEndsUtc(state.Local(nowUtc, msisdn), state.Zone(msisdn)));
        }
        if (decision is null && policyStop is null && campaign.BudgetExhausted)
        {
            return new(OnceOutcome.BudgetSpent);
        }
        Remember(state, campaign.Id);
        if (decision is null && policyStop is null)
        {
            return new(OnceOutcome.AlreadyDecided); // its own cap: decided before this subscriber remembered it
        }
        return new(decision?.Outcome switch
        {
            OfferOutcome.Sent => OnceOutcome.Sent,
            OfferOutcome.HeldOut => OnceOutcome.HeldOut,
            _ => OnceOutcome.Suppressed,
        });
    }

    private static void Remember(SubscriberState state, string campaignId)
    {
        var decided = state.DecidedOnce ??= [];
        decided.Add(campaignId);
        if (decided.Count > Kept)
        {
            decided.RemoveAt(0);
        }
    }
}
