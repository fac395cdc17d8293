using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Models;

namespace Cdr.Orleans.Silo.Web;

/// <summary>Each campaign's propensity models for the console, as <c>model list</c> and <c>model show</c> give them (without the model's trees).</summary>
public static class ModelEndpoints
{
    public static void MapModelEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/models", async (IGrainFactory grains) =>
        {
            var rows = new List<ConsoleApi.ModelRow>();
            foreach (var campaign in await grains.GetGrain<ICampaignRegistryGrain>(0).ListAsync())
            {
                var id = campaign.Definition.Id;
                var history = await grains.GetGrain<IModelGrain>(id).GetAsync();
                var current = history.Versions.FirstOrDefault(v => v.Version == history.Current);
                rows.Add(new ConsoleApi.ModelRow(id, history.Current, current?.Kind, current?.Holdout.Auc, history.Versions.Count,
                    await grains.GetGrain<IExampleBookGrain>(id).GetCountsAsync(), history.LastError));
            }
            return WebConsoleJson.Json(rows);
        });
        api.MapGet("/models/{campaign}", async (string campaign, IGrainFactory grains) =>
        {
            if (await grains.GetGrain<ICampaignRegistryGrain>(0).GetAsync(campaign) is null)
            {
                return WebConsoleJson.Error(StatusCodes.Status404NotFound, $"no campaign '{campaign}'; GET /api/campaigns lists them");
            }
            var history = await grains.GetGrain<IModelGrain>(campaign).GetAsync();
            return WebConsoleJson.Json(new ConsoleApi.ModelDetail(
                campaign, history.Current, history.LastError, history.LastErrorUtc, history.Training,
                await grains.GetGrain<IExampleBookGrain>(campaign).GetCountsAsync(),
                [.. history.Versions.Select(v => new ConsoleApi.ModelVersionRow(
                    v.Version, v.TrainedUtc, v.Kind, v.Holdout, v.OtherKind, v.CurrentOnSameHoldout, v.Promoted, v.Reason,
                    v.Strongest, v.Histogram, v.TrainExamples, v.TrainSeconds))]));
        });
    }
}
