using Cdr.Orleans.Contracts;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Grains.Campaigns;
using Cdr.Orleans.Tests.Campaigns;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>A stored campaign the silos cannot compile (written by another version) never stops the catalog of the others.</summary>
public sealed class StoredCampaignTests
{
    [Fact]
    public async Task Given_a_stored_campaign_that_cannot_be_compiled_When_the_silo_starts_Then_the_others_load_and_it_is_quarantined_also_after_a_restart()
    {
        var directory = Directory.CreateTempSubdirectory("cdr-stored-");
        try
        {
            var good = ShippedCampaigns.Load("night-pack");
            var bad = ShippedCampaigns.Load("retention-dropped-calls") with { Trigger = "NoSuchThing(" };
            await using (var first = await StartAsync(directory.FullName))
            {
                var registry = first.Client.GetGrain<ICampaignRegistryGrain>(0);
                Assert.True((await registry.CreateAsync(good, replace: false)).Ok);
                // What an older version (or another tool) could have stored: the registry itself refuses it.
                Assert.False((await registry.CreateAsync(bad, replace: false)).Ok);
                var storage = first.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Engine);
                var now = DateTime.UtcNow;
                var state = new CampaignRegistryState
                {
                    Campaigns = new()
                    {
                        [good.Id] = (await registry.GetAsync(good.Id))!,
                        [bad.Id] = new CampaignRecord(bad, CampaignStatus.Active, 1, now, now),
                    },
                    Version = 10,
                };
                await storage.WriteStateAsync("campaigns", ((GrainReference)registry).GrainId, new GrainState<CampaignRegistryState>(state));
            }

            for (var start = 0; start < 2; start++)
            {
                await using var silo = await StartAsync(directory.FullName);
                var catalog = silo.Silos[0].ServiceProvider.GetRequiredService<CampaignCatalog>();
                var registry = silo.Client.GetGrain<ICampaignRegistryGrain>(0);

                // The catalog reads the registry on its own period: wait for its first read after the quarantine too.
                await Eventually.UntilAsync(async () => (await registry.GetAsync(bad.Id))?.Status == CampaignStatus.Quarantined
                    && catalog.Current.Campaigns.Any(),
                    "the uncompilable campaign quarantined and the catalog loaded", TimeSpan.FromSeconds(20));

                Assert.Equal([good.Id], catalog.Current.Campaigns.Select(c => c.Id));
                Assert.StartsWith("it cannot be compiled: trigger: ", (await registry.GetAsync(bad.Id))!.StatusReason);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Given_a_campaign_created_changed_and_paused_by_two_people_When_its_history_is_read_after_a_restart_Then_every_revision_is_there_with_who_and_what_changed()
    {
        var directory = Directory.CreateTempSubdirectory("cdr-history-");
        try
        {
            var campaign = ShippedCampaigns.Load("night-pack");
            await using (var first = await StartAsync(directory.FullName))
            {
                var registry = first.Client.GetGrain<ICampaignRegistryGrain>(0);
                Assert.True((await registry.CreateAsync(campaign, replace: false, "alice@ops")).Ok);
                Assert.True((await registry.CreateAsync(campaign with { Trigger = "D7.NightShare >= 0.6" }, replace: true, "bob@marketing")).Ok);
                Assert.True((await registry.SetStatusAsync(campaign.Id, CampaignStatus.Paused, "alice@ops\u001b[31m")).Ok);
                Assert.False((await registry.CreateAsync(campaign with { Trigger = "NoSuchThing(" }, replace: true, "mallory")).Ok); // refused: no revision
            }
            await using var again = await StartAsync(directory.FullName);

            var history = Domain.Campaigns.CampaignChanges.Of(await again.Client.GetGrain<ICampaignHistoryGrain>(campaign.Id).GetAsync());

            Assert.Equal([1, 2, 3], history.Select(h => h.Revision));
            Assert.Equal(["alice@ops", "bob@marketing", "alice@ops[31m"], history.Select(h => h.ChangedBy)); // control characters dropped
            Assert.Equal([CampaignStatus.Active, CampaignStatus.Active, CampaignStatus.Paused], history.Select(h => h.Status));
            Assert.Contains($"+ \"id\": \"{campaign.Id}\",", history[0].Diff);
            Assert.Equal([$"- \"trigger\": \"{campaign.Trigger}\",", "+ \"trigger\": \"D7.NightShare >= 0.6\","], history[1].Diff);
            Assert.Empty(history[2].Diff); // a status change: the definition is the same
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static Task<InProcessTestCluster> StartAsync(string dataDirectory) =>
        SingleSilo.StartAsync(new Dictionary<string, string?> { ["Cdr:Engine:DataDirectory"] = dataDirectory });
}
