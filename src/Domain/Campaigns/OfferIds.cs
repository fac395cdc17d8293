using System.Text;

namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// Stable hashes (64-bit FNV-1a over UTF-8): the same in every process and every run, unlike string.GetHashCode.
/// They give offers their deterministic ids and pick the control group.
/// </summary>
public static class OfferIds
{
    /// <summary>The id of the decision of <paramref name="campaignId"/> for <paramref name="msisdn"/> on CDR <paramref name="cdrId"/>: 16 hex digits.</summary>
    public static string For(string campaignId, string msisdn, string cdrId) =>
        Hash(campaignId, msisdn, cdrId).ToString("x16");

    /// <summary>
    /// Whether the subscriber is in the campaign's control group: the hash of (campaign, subscriber) as a fraction in
    /// [0, 1) is below the control share. The same subscriber is always in or always out of a given campaign's group.
    /// </summary>
    public static bool IsHeldOut(string campaignId, string msisdn, double controlShare) =>
        controlShare > 0 && (Hash(campaignId, msisdn, "control") >> 11) * (1.0 / (1UL << 53)) < controlShare;

    private static ulong Hash(string a, string b, string c)
    {
        var hash = 14695981039346656037UL;
        hash = Add(hash, a);
        hash = Add(hash, b);
        return Add(hash, c);
    }

    private static ulong Add(ulong hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(text) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        return (hash ^ 0xff) * 1099511628211UL;
    }
}
