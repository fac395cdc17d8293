using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Grains.Campaigns;

namespace Cdr.Orleans.Silo.Bench;

/// <summary>
/// The bench's campaigns: N copies of the shipped campaigns (campaigns/*.json, found above the working directory),
/// each with its own id and priority, so that every CDR is evaluated against N real rules.
/// </summary>
internal static class BenchCampaigns
{
    public static async Task CreateAsync(IClusterClient client, CampaignCatalog catalog, int count)
    {
        var templates = Hosting.ShippedCampaigns.TryLoad()
            ?? throw new DirectoryNotFoundException("no campaigns/ folder with *.json above the working directory; run the bench from the repository");
        var registry = client.GetGrain<ICampaignRegistryGrain>(0);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var template = templates[i % templates.Count];
            var result = await registry.CreateAsync(template with { Id = $"{template.Id}-{i}", Priority = template.Priority * 1000 + i }, replace: true);
            if (!result.Ok)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors));
            }
        }
        var created = watch.Elapsed;
        while (catalog.Current.Campaigns.Length < count)
        {
            await Task.Delay(5);
        }
        Console.WriteLine($"campaigns: {count} active, copies of {string.Join(", ", templates.Select(t => t.Id))}; " +
            $"created in {created.TotalMilliseconds:N0} ms, compiled and active in the silo {(watch.Elapsed - created).TotalMilliseconds:N0} ms after the last");
    }

    public static async Task<CampaignResults> TotalsAsync(IClusterClient client) =>
        (await client.GetGrain<IStatsGrain>(0).GetCampaignResultsAsync()).Values.Aggregate(CampaignResults.Zero, (a, b) => a.Add(b));
}
