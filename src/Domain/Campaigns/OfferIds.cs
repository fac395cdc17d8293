using Cdr.Orleans.Domain.Text;

namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// Offers' deterministic ids and the control group, from <see cref="Fnv1a"/>: the same in every process and run.
/// </summary>
public static class OfferIds
{
    /// <summary>The id of the decision of <paramref name="campaignId"/> for <paramref name="msisdn"/> on CDR <paramref name="cdrId"/>: 16 hex digits.</summary>
    public static string For(string campaignId, string msisdn, string cdrId) =>
        Fnv1a.Hash64(campaignId, msisdn, cdrId).ToString("x16");

    /// <summary>
    /// Whether the subscriber is in the campaign's control group: the hash of (campaign, subscriber) as a fraction in
    /// [0, 1) is below the control share. The same subscriber is always in or always out of a given campaign's group.
    /// </summary>
    public static bool IsHeldOut(string campaignId, string msisdn, double controlShare) =>
        controlShare > 0 && (Fnv1a.Hash64(campaignId, msisdn, "control") >> 11) * (1.0 / (1UL << 53)) < controlShare;

    /// <summary>Whether the subscriber is in the campaign's exploration share (sent whatever its model says): fixed, as the control group is.</summary>
    public static bool IsExplored(string campaignId, string msisdn, double exploreShare) =>
        exploreShare > 0 && (Fnv1a.Hash64(campaignId, msisdn, "explore") >> 11) * (1.0 / (1UL << 53)) < exploreShare;
}
