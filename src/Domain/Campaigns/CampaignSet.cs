namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// The campaigns a process evaluates at one catalog version: active ones, highest priority first, then by id; and the
/// contact policy above them. One-shot campaigns (segment sends) are not evaluated on CDRs: they are kept apart, by id,
/// for the subscriber grains that their send asks to decide once (<see cref="Sending"/>).
/// </summary>
public sealed class CampaignSet
{
    public static readonly CampaignSet Empty = new(0, []);

    public CampaignSet(long version, IEnumerable<Campaign> campaigns, ContactRules? rules = null)
    {
        Version = version;
        var all = campaigns.ToList();
        Campaigns = [.. all.Where(c => !c.Definition.OneShot).OrderByDescending(c => c.Priority).ThenBy(c => c.Id, StringComparer.Ordinal)];
        OneShots = all.Where(c => c.Definition.OneShot).ToDictionary(c => c.Id, StringComparer.Ordinal);
        Rules = rules ?? ContactRules.None;
    }

    private CampaignSet(long version, Campaign oneShot, ContactRules rules)
    {
        Version = version;
        Campaigns = [oneShot];
        OneShots = new Dictionary<string, Campaign>(StringComparer.Ordinal);
        Rules = rules;
    }

    public ContactRules Rules { get; }

    public long Version { get; }

    /// <summary>The campaigns evaluated on each CDR and event.</summary>
    public Campaign[] Campaigns { get; }

    /// <summary>The active one-shot campaigns, by id.</summary>
    public IReadOnlyDictionary<string, Campaign> OneShots { get; }

    /// <summary>Every campaign of the set.</summary>
    public IEnumerable<Campaign> All => Campaigns.Concat(OneShots.Values);

    public bool IsEmpty => Campaigns.Length == 0;

    /// <summary>The set that decides <paramref name="oneShot"/> alone for a subscriber its send reaches, under this set's contact policy.</summary>
    public CampaignSet Sending(Campaign oneShot) => new(Version, oneShot, Rules);
}
