using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Grains.Campaigns;

namespace Cdr.Orleans.Bench;

/// <summary>
/// The bench's campaigns: N copies of the shipped campaigns (campaigns/*.json, found above the working directory),
/// each with its own id and priority, so that every CDR is evaluated against N real rules.
/// </summary>
internal static class BenchCampaigns
{
    public static async Task CreateAsync(IClusterClient client, CampaignCatalog catalog, int count, double? minPropensity = null)
    {
        var templates = Silo.Hosting.ShippedCampaigns.TryLoad()
            ?? throw new DirectoryNotFoundException("no campaigns/ folder with *.json above the working directory; run the bench from the repository");
        var registry = client.GetGrain<ICampaignRegistryGrain>(0);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var template = templates[i % templates.Count];
            var result = await registry.CreateAsync(template with
            {
                Id = $"{template.Id}-{i}", Priority = template.Priority * 1000 + i,
                Targeting = minPropensity is { } min ? new PropensityTargeting { MinPropensity = min, ExploreShare = 0.1 } : null,
            }, replace: true, "the bench");
            if (!result.Ok)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors));
            }
        }
        var created = watch.Elapsed;
        await UntilAsync(() => catalog.Current.Campaigns.Length >= count, $"the {count} campaigns active in the silo");
        Console.WriteLine($"campaigns: {count} active, copies of {string.Join(", ", templates.Select(t => t.Id))}; " +
            $"created in {created.TotalMilliseconds:N0} ms, compiled and active in the silo {(watch.Elapsed - created).TotalMilliseconds:N0} ms after the last");
    }

    /// <summary>
    /// Gives every campaign a model (boosted trees, the dearer scorer, trained on the generator's answers to an upgrade
    /// offer) through the model registry, as a promotion would, and waits until this silo scores with all of them.
    /// </summary>
    public static async Task PublishModelsAsync(IClusterClient client, Grains.Propensity.ModelCatalog models, CampaignCatalog catalog)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (examples, _, _) = PropensityBenchCommand.MakeExamples(5_000, 20_000, "UPGRADE");
        var model = Learning.PropensityTrainer.Train(examples, current: null).Trees.Model;
        var registry = client.GetGrain<Contracts.Models.IModelRegistryGrain>(0);
        var ids = catalog.Current.Campaigns.Select(c => c.Id).ToList();
        foreach (var id in ids)
        {
            await registry.PublishAsync(id, 1, model);
        }
        await UntilAsync(() => ids.All(id => models.VersionOf(id) is not null), "every campaign's model scored in the silo");
        Console.WriteLine($"propensity: {ids.Count} campaigns target with a model of {model.Trees!.Count} trees (made and published in {watch.Elapsed.TotalSeconds:N1} s)");
    }

    /// <summary>The bench's contact policy (<c>--policy</c>): what an operator might run.</summary>
    public static readonly ContactPolicy Policy = new() { MaxPerDay = 3, MaxPerWeek = 10, QuietHours = "22:00-08:00", GlobalControlShare = 0.05 };

    public static async Task SetPolicyAsync(IClusterClient client, CampaignCatalog catalog)
    {
        var result = await client.GetGrain<ICampaignRegistryGrain>(0).SetPolicyAsync(Policy);
        if (!result.Ok)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors));
        }
        await UntilAsync(() => catalog.Current.Rules.Policy.Revision == result.Policy!.Revision, "the contact policy in force in the silo");
        Console.WriteLine($"contact policy: at most {Policy.MaxPerDay} offers a day and {Policy.MaxPerWeek} a week, quiet hours {Policy.QuietHours}, " +
            $"global control {Policy.GlobalControlShare:P0}");
    }

    public static async Task<CampaignResults> TotalsAsync(IClusterClient client) =>
        (await client.GetGrain<IStatsGrain>(0).GetCampaignResultsAsync()).Values.Aggregate(CampaignResults.Zero, (a, b) => a.Add(b));

    /// <summary>Polls until <paramref name="done"/>; after 30 s the bench stops and says what it waited for.</summary>
    private static async Task UntilAsync(Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"bench: waited 30 s for {what}");
            }
            await Task.Delay(5);
        }
    }
}
