using Cdr.Orleans.Infrastructure.Files;
using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Silo.Hosting;

/// <summary>The example campaigns of the repository's campaigns/ folder, for the demo and the bench.</summary>
public static class ShippedCampaigns
{
    /// <summary>The campaigns, by file name; null when no campaigns/ folder is above the working directory.</summary>
    public static IReadOnlyList<CampaignDefinition>? TryLoad()
    {
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            var folder = new DirectoryInfo(Path.Combine(directory.FullName, "campaigns"));
            if (folder.Exists && folder.EnumerateFiles("*.json").Any())
            {
                return [.. folder.EnumerateFiles("*.json").OrderBy(f => f.Name, StringComparer.Ordinal)
                    .Select(f => DataFiles.ReadCampaign(f.FullName, out var error) ?? throw new InvalidOperationException(error))];
            }
        }
        return null;
    }
}
