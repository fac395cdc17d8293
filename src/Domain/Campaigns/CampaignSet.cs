namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// The campaigns a process evaluates at one catalog version: active ones, highest priority first, then by id; and the
/// contact policy above them.
/// </summary>
public sealed class CampaignSet
{
    public static readonly CampaignSet Empty = new(0, []);

    public CampaignSet(long version, IEnumerable<Campaign> campaigns, ContactRules? rules = null)
    {
        Version = version;
        Campaigns = [.. campaigns.OrderByDescending(c => c.Priority).ThenBy(c => c.Id, StringComparer.Ordinal)];
        Rules = rules ?? ContactRules.None;
    }

    public ContactRules Rules { get; }

    public long Version { get; }

    public Campaign[] Campaigns { get; }

    public bool IsEmpty => Campaigns.Length == 0;
}
