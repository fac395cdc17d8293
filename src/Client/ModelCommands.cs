using Cdr.Orleans.Cluster;
using System.CommandLine;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Models;

namespace Cdr.Orleans.Client;

/// <summary><c>model</c> (list, show, train, promote, rollback): each campaign's propensity models, from the cluster.</summary>
public static class ModelCommands
{
    private static readonly Option<bool> AsJson = new("--json") { Description = "Print JSON instead of tables" };

    public static Command Build(Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster) =>
        new("model", "Campaigns' propensity models: versions, metrics, the gate's decisions; train, promote, roll back.")
        {
            List(withCluster), Show(withCluster), Train(withCluster),
            MakeCurrent("promote", "Make a version the current model by hand (a rejected one too).", (g, v) => g.PromoteAsync(v), withCluster),
            MakeCurrent("rollback", "Make an earlier promoted version the current model again.", (g, v) => g.RollbackAsync(v), withCluster),
        };

    private static Command List(Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster)
    {
        var command = new Command("list", "Every campaign's current model, its examples and its last training.") { AsJson };
        command.SetAction((parse, cancellationToken) => withCluster(parse, cancellationToken, async client =>
        {
            var rows = new List<(CampaignRecord Campaign, ModelHistory Models, ExampleCounts Examples)>();
            foreach (var campaign in await client.GetGrain<ICampaignRegistryGrain>(0).ListAsync())
            {
                rows.Add(await RowAsync(client, campaign));
            }
            if (parse.GetValue(AsJson))
            {
                Console.WriteLine(Json.Write(rows.Select(r => new
                {
                    campaign = r.Campaign.Definition.Id,
                    current = r.Models.Current,
                    model = r.Models.Versions.FirstOrDefault(v => v.Version == r.Models.Current) is { } v ? new { v.Kind, v.Holdout, v.TrainedUtc } : null,
                    versions = r.Models.Versions.Count,
                    examples = r.Examples,
                    lastError = r.Models.LastError,
                })));
            }
            else
            {
                ModelView.RenderList(rows);
            }
            return 0;
        }));
        return command;
    }

    /// <summary>A campaign's row; one whose models or examples cannot be read says so in its row, and the others are listed.</summary>
    private static async Task<(CampaignRecord, ModelHistory, ExampleCounts)> RowAsync(IClusterClient client, CampaignRecord campaign)
    {
        var id = campaign.Definition.Id;
        try
        {
            return (campaign, await client.GetGrain<IModelGrain>(id).GetAsync(), await client.GetGrain<IExampleBookGrain>(id).GetCountsAsync());
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return (campaign, new ModelHistory(id, null, [], ClusterConnection.ReasonOf(error)), new ExampleCounts(0, 0, 0, 0));
        }
    }

    private static Command Show(Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster)
    {
        var id = new Argument<string>("campaign") { Description = "Campaign id, e.g. night-pack" };
        var command = new Command("show", "A campaign's model versions: metrics, gate decisions, strongest features, score histogram.") { id, AsJson };
        command.SetAction((parse, cancellationToken) => withCluster(parse, cancellationToken, async client =>
        {
            var campaignId = parse.GetValue(id)!;
            if (await client.GetGrain<ICampaignRegistryGrain>(0).GetAsync(campaignId) is null)
            {
                Console.Error.WriteLine($"no campaign '{campaignId}'; 'campaign list' shows the ids");
                return ClientCommands.ExitNotFound;
            }
            var models = await client.GetGrain<IModelGrain>(campaignId).GetAsync();
            var examples = await client.GetGrain<IExampleBookGrain>(campaignId).GetCountsAsync();
            if (parse.GetValue(AsJson))
            {
                Console.WriteLine(Json.Write(new
                {
                    models.CampaignId, models.Current, models.Training, models.LastError, models.LastErrorUtc, examples,
                    versions = models.Versions.Select(v => new
                    {
                        v.Version, v.TrainedUtc, v.Kind, v.Promoted, v.Reason, v.Holdout, v.OtherKind, v.CurrentOnSameHoldout, v.Strongest,
                        v.Histogram, v.TrainExamples, v.TrainSeconds,
                    }),
                }));
            }
            else
            {
                ModelView.RenderShow(models, examples);
            }
            return 0;
        }));
        return command;
    }

    private static Command Train(Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster)
    {
        var id = new Argument<string>("campaign") { Description = "Campaign id, e.g. night-pack" };
        var command = new Command("train", "Train the campaign's model now on its labelled examples, and gate it.") { id, AsJson };
        command.SetAction((parse, cancellationToken) => withCluster(parse, cancellationToken, async client =>
        {
            var campaignId = parse.GetValue(id)!;
            if (await client.GetGrain<ICampaignRegistryGrain>(0).GetAsync(campaignId) is null)
            {
                Console.Error.WriteLine($"no campaign '{campaignId}'; 'campaign list' shows the ids");
                return ClientCommands.ExitNotFound;
            }
            return Report(await client.GetGrain<IModelGrain>(campaignId).TrainAsync(), parse.GetValue(AsJson));
        }));
        return command;
    }

    private static Command MakeCurrent(string name, string description, Func<IModelGrain, int, Task<ModelCommandResult>> act,
        Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster)
    {
        var id = new Argument<string>("campaign") { Description = "Campaign id, e.g. night-pack" };
        var version = new Argument<int>("version") { Description = "A version number ('model show' lists them)" };
        var command = new Command(name, description) { id, version, AsJson };
        command.SetAction((parse, cancellationToken) => withCluster(parse, cancellationToken, async client =>
            Report(await act(client.GetGrain<IModelGrain>(parse.GetValue(id)!), parse.GetValue(version)), parse.GetValue(AsJson))));
        return command;
    }

    private static int Report(ModelCommandResult result, bool json)
    {
        if (json)
        {
            Console.WriteLine(Json.Write(new
            {
                result.Ok, result.Message,
                version = result.Version is { } v ? new { v.Version, v.Kind, v.Promoted, v.Reason, v.Holdout, v.TrainExamples, v.TrainSeconds } : null,
            }));
        }
        else
        {
            (result.Ok ? Console.Out : Console.Error).WriteLine(result.Ok ? result.Message : $"error: {result.Message}");
        }
        return result.Ok ? 0 : ClientCommands.ExitBadInput;
    }
}
