using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Tests.Campaigns;
using Orleans.TestingHost;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>Embedded mode with a data directory: campaigns, budgets and results survive a restart of the silo.</summary>
public sealed class CampaignRestartTests
{
    [Fact]
    public async Task Given_a_data_directory_When_the_silo_restarts_Then_campaigns_their_status_budgets_and_results_are_still_there()
    {
        var directory = Directory.CreateTempSubdirectory("cdr-restart-");
        try
        {
            var definition = ShippedCampaigns.Load("retention-dropped-calls");
            await using (var first = await StartAsync(directory.FullName))
            {
                var registry = first.Client.GetGrain<ICampaignRegistryGrain>(0);
                Assert.True((await registry.CreateAsync(definition, replace: false)).Ok);
                Assert.True((await registry.SetStatusAsync(definition.Id, CampaignStatus.Paused)).Ok);
                Assert.Equal(1, await first.Client.GetGrain<ICampaignBudgetGrain>(definition.Id).TakeAsync(1));
                await first.Client.GetGrain<IStatsGrain>(0).ReportAsync(new StatsReport("test", DateTime.UtcNow, 0, new Dictionary<string, long>(), null, null,
                    new Dictionary<string, CampaignResults> { [definition.Id] = CampaignResults.Zero with { Triggered = 2, Sent = 1, HeldOut = 1 } }));
            }

            await using var second = await StartAsync(directory.FullName);
            var record = await second.Client.GetGrain<ICampaignRegistryGrain>(0).GetAsync(definition.Id);
            var budget = await second.Client.GetGrain<ICampaignBudgetGrain>(definition.Id).GetAsync();
            var results = await second.Client.GetGrain<IStatsGrain>(0).GetCampaignResultsAsync();

            Assert.Equal((definition, CampaignStatus.Paused, 2), (record?.Definition, record?.Status, record?.Revision));
            Assert.Equal(new BudgetState(definition.Caps.Budget, 1), budget);
            Assert.Equal(CampaignResults.Zero with { Triggered = 2, Sent = 1, HeldOut = 1 }, results[definition.Id]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static Task<InProcessTestCluster> StartAsync(string dataDirectory) =>
        SingleSilo.StartAsync(new Dictionary<string, string?> { ["Cdr:Engine:DataDirectory"] = dataDirectory });
}
