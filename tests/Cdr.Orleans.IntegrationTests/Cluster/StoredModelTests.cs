using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Models;
using Cdr.Orleans.Grains.Campaigns;
using Cdr.Orleans.Grains.Propensity;
using Cdr.Orleans.Tests.Campaigns;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// Stored models that cannot be read (damaged on disk, or written by a build whose types this one cannot decode): the
/// grain that owns them says so, the bytes stay as they were, and the campaign keeps running (on the published model
/// while the registry is readable, on its rule alone when it is not).
/// </summary>
public sealed class StoredModelTests
{
    private static readonly byte[] Damaged = "this is not a model"u8.ToArray();

    [Fact]
    public async Task Given_stored_models_that_cannot_be_read_When_the_silo_starts_Then_each_says_so_nothing_is_overwritten_and_the_campaign_runs()
    {
        var directory = Directory.CreateTempSubdirectory("cdr-models-");
        try
        {
            var campaign = ShippedCampaigns.Load("night-pack") with { Id = "damaged-models", Targeting = new PropensityTargeting { MinPropensity = 0.5 } };
            int version;
            await using (var first = await StartAsync(directory.FullName))
            {
                Assert.True((await first.Client.GetGrain<ICampaignRegistryGrain>(0).CreateAsync(campaign, replace: false)).Ok);
                version = (await TrainedModel.TrainAsync(first.Client, campaign.Id, seed: 5)).Version.Version;
            }

            // The campaign's own model history damaged: its grain refuses to start and names the file; the registry
            // still has the promoted model, so the silo scores with it.
            var history = Damage(directory, "models");
            await using (var second = await StartAsync(directory.FullName))
            {
                var error = await Assert.ThrowsAnyAsync<Exception>(() => second.Client.GetGrain<IModelGrain>(campaign.Id).GetAsync());
                Assert.Contains("the stored 'models' state of", error.Message);
                Assert.Contains("cannot be read", error.Message);
                Assert.Contains(history, error.Message);
                await Eventually.UntilAsync(() => second.Silos[0].ServiceProvider.GetRequiredService<ModelCatalog>().VersionOf(campaign.Id) == version,
                    "the published model scored although its history cannot be read", TimeSpan.FromSeconds(10));
                Assert.Equal(TrainedModel.Examples, (await second.Client.GetGrain<IExampleBookGrain>(campaign.Id).GetCountsAsync()).Labelled);
            }
            Assert.Equal(Damaged, File.ReadAllBytes(history));

            // The registry damaged as well: no silo can score, and the campaign runs on its rule alone.
            var registry = Damage(directory, "model-registry");
            await using (var third = await StartAsync(directory.FullName))
            {
                var silo = third.Silos[0].ServiceProvider;
                await Eventually.UntilAsync(() => silo.GetRequiredService<CampaignCatalog>().Current.Campaigns.Any(c => c.Id == campaign.Id),
                    "the campaign evaluated although no model can be read", TimeSpan.FromSeconds(10));
                var error = await Assert.ThrowsAnyAsync<Exception>(() => third.Client.GetGrain<IModelRegistryGrain>(0).GetIfChangedAsync(-1));
                Assert.Contains("cannot be read", error.Message);
                Assert.Null(silo.GetRequiredService<ModelCatalog>().VersionOf(campaign.Id));
            }
            Assert.Equal(Damaged, File.ReadAllBytes(registry));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Overwrites the one stored file of a state and returns its path.</summary>
    private static string Damage(DirectoryInfo directory, string stateName)
    {
        var path = Assert.Single(Directory.GetFiles(Path.Combine(directory.FullName, stateName), "*.bin"));
        File.WriteAllBytes(path, Damaged);
        return path;
    }

    private static Task<InProcessTestCluster> StartAsync(string dataDirectory) =>
        SingleSilo.StartAsync(new Dictionary<string, string?> { ["Cdr:Engine:DataDirectory"] = dataDirectory });
}
