using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>One revision of a campaign as its history shows it: when, by whom, the status, and the definition's changes from the revision before.</summary>
public sealed record CampaignChange(int Revision, DateTime ChangedUtc, string ChangedBy, CampaignStatus Status, string? StatusReason, IReadOnlyList<string> Diff);

/// <summary>A campaign's revisions, each with what changed: the first shows its whole definition as added lines.</summary>
public static class CampaignChanges
{
    public static IReadOnlyList<CampaignChange> Of(IReadOnlyList<CampaignRecord> revisions)
    {
        var changes = new List<CampaignChange>(revisions.Count);
        string? before = null;
        foreach (var record in revisions)
        {
            var after = CampaignJson.Write(record.Definition);
            changes.Add(new CampaignChange(record.Revision, record.ChangedUtc, record.ChangedBy ?? "unknown", record.Status, record.StatusReason,
                CampaignDiff.Lines(before ?? "", after).Where(l => l != "- " && l != "+ ").ToList()));
            before = after;
        }
        return changes;
    }
}
