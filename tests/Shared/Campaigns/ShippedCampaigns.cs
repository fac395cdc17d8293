using Cdr.Orleans.Infrastructure.Files;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Campaigns;

namespace Cdr.Orleans.Tests.Campaigns;

/// <summary>The campaign files in the repository's campaigns/ folder, read as the client reads them.</summary>
internal static class ShippedCampaigns
{
    public static readonly string Folder = RepositoryFiles.PathOf("campaigns");

    public static IEnumerable<string> Files => Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal);

    public static CampaignDefinition Load(string id)
    {
        var definition = DataFiles.ReadCampaign(Path.Combine(Folder, id + ".json"), out var error);
        Assert.True(definition is not null, error);
        return definition!;
    }

    public static Campaign Compile(CampaignDefinition definition)
    {
        var campaign = Campaign.TryCompile(new CampaignRecord(definition, CampaignStatus.Active, 1, DateTime.UnixEpoch, DateTime.UnixEpoch), new CampaignTallies().NewTally(), out var errors);
        Assert.True(campaign is not null, string.Join("; ", errors));
        return campaign!;
    }
}
