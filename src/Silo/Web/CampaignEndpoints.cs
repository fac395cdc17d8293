using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Models;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Domain.Campaigns;
using Cdr.Orleans.Domain.Cdrs;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// Campaigns for the console: the list with its funnel, one campaign with its uplift and latest offers, create (the
/// campaign file's JSON), pause / resume / stop. What changes state needs the key (<see cref="ApiKeyFilter"/>).
/// </summary>
public static class CampaignEndpoints
{
    /// <summary>How far back in the offer log a campaign's latest offers are looked for.</summary>
    public const int OfferLogLookBack = 5_000;

    public const int LatestOffers = 50;

    private static readonly Dictionary<string, CampaignStatus> Statuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["active"] = CampaignStatus.Active, ["paused"] = CampaignStatus.Paused, ["stopped"] = CampaignStatus.Stopped,
    };

    public static void MapCampaignEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/campaigns", async (IGrainFactory grains) =>
        {
            var campaigns = await grains.GetGrain<ICampaignRegistryGrain>(0).ListAsync();
            var results = await grains.GetGrain<IStatsGrain>(0).GetCampaignResultsAsync();
            return Results.Json(campaigns.Select(c => Summary(c, results.GetValueOrDefault(c.Definition.Id) ?? CampaignResults.Zero)), WebConsoleJson.Options);
        });
        api.MapGet("/campaigns/{id}", async (string id, IGrainFactory grains) =>
        {
            if (await grains.GetGrain<ICampaignRegistryGrain>(0).GetAsync(id) is not { } record)
            {
                return NotFound(id);
            }
            var results = await ResultsOfAsync(grains, id);
            var budget = await grains.GetGrain<ICampaignBudgetGrain>(id).GetAsync();
            var models = await grains.GetGrain<IModelGrain>(id).GetAsync();
            var model = models.Versions.FirstOrDefault(v => v.Version == models.Current);
            var log = grains.GetGrain<IOfferLogGrain>(0);
            var page = await log.ReadAsync(Math.Max(0, await log.GetLastSequenceAsync() - OfferLogLookBack), id, OfferLogLookBack);
            var uplift = CampaignUplift.Of(results);
            return Results.Json(new
            {
                campaign = Summary(record, results),
                // As in a campaign file (no nulls), so it can be copied into the page's JSON box and changed.
                definition = System.Text.Json.JsonDocument.Parse(CampaignJson.Write(record.Definition)).RootElement,
                budget = new { budget.Limit, budget.Taken, budget.Left },
                uplift = new { overControl = uplift.OverControl, overExploration = uplift.OverExploration },
                model = model is null ? null : new { model.Version, model.Kind, model.Holdout.Auc },
                offers = page.Offers.TakeLast(LatestOffers).Reverse().Select(o => new
                {
                    o.Decision.Id, msisdn = Msisdn.Mask(o.Decision.Msisdn), o.Decision.CdrStartUtc, o.Decision.Outcome, o.Decision.OfferCode,
                    o.Decision.Values, o.Decision.Propensity, o.Decision.Explored, response = o.Response,
                }),
            }, WebConsoleJson.Options);
        });
        api.MapPost("/campaigns", CreateAsync).AddEndpointFilter<ApiKeyFilter>();
        api.MapPost("/campaigns/{id}/backtest", BacktestAsync).DisableAntiforgery();
        api.MapPost("/campaigns/{id}/status", async (string id, StatusChange change, IGrainFactory grains) =>
        {
            if (change.Status is not { } name || !Statuses.TryGetValue(name, out var status))
            {
                return WebConsoleJson.Error(StatusCodes.Status400BadRequest, $"status '{change.Status}' is not accepted; accepted: {string.Join(", ", Statuses.Keys)}");
            }
            var result = await grains.GetGrain<ICampaignRegistryGrain>(0).SetStatusAsync(id, status);
            return result.Ok ? Results.Json(Summary(result.Campaign!, await ResultsOfAsync(grains, id)), WebConsoleJson.Options)
                : result.Errors[0].StartsWith("no campaign", StringComparison.Ordinal) ? NotFound(id)
                : WebConsoleJson.Error(StatusCodes.Status400BadRequest, string.Join("; ", result.Errors));
        }).AddEndpointFilter<ApiKeyFilter>();
    }

    public sealed record StatusChange(string? Status);

    /// <summary>
    /// What the campaign would have done over an uploaded CDR file (the engine's CSV layout, as the body), offline, with
    /// the engine's own code, as <c>campaign backtest</c>. No subscriber profiles: eligibility on profile fields sees none.
    /// </summary>
    private static async Task<IResult> BacktestAsync(string id, HttpRequest request, IGrainFactory grains, Domain.HomeNetwork network)
    {
        if (await grains.GetGrain<ICampaignRegistryGrain>(0).GetAsync(id) is not { } record)
        {
            return NotFound(id);
        }
        var backtest = new CampaignBacktest([record.Definition], network, DateTime.UtcNow, CdrValidator.DefaultFutureTolerance);
        var reasons = new List<string>();
        try
        {
            // Kestrel takes at most 30 MB a request (about 300,000 CDRs); read in full first, since the parser reads lines synchronously.
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
            body.Position = 0;
            using var reader = new StreamReader(body);
            await Task.Run(() => Infrastructure.Files.DataFiles.Backtest(backtest, reader, "the uploaded file", e =>
            {
                if (reasons.Count < 20)
                {
                    reasons.Add(e.ToString());
                }
            }));
        }
        catch (FormatException error)
        {
            return WebConsoleJson.Error(StatusCodes.Status400BadRequest, $"{error.Message} (give a CDR CSV file, as the generator's --out writes)");
        }
        var result = backtest.Result();
        return Results.Json(new
        {
            campaign = id, result.CdrsApplied, rejected = result.Rejected, firstRejections = reasons,
            results = WebConsoleJson.Funnel(result.Results.GetValueOrDefault(id) ?? CampaignResults.Zero),
            offers = result.Decisions.Count,
            firstOffers = result.Decisions.Take(LatestOffers).Select(d => new { msisdn = Msisdn.Mask(d.Msisdn), d.CdrStartUtc, d.Outcome, d.Values }),
            profiles = "none: eligibility on profile fields (tier, plan, age, region...) sees no profile",
        }, WebConsoleJson.Options);
    }

    /// <summary>The body is a campaign file's JSON; <c>?replace=true</c> gives an existing campaign this definition.</summary>
    private static async Task<IResult> CreateAsync(HttpRequest request, bool? replace, IGrainFactory grains)
    {
        string json;
        using (var reader = new StreamReader(request.Body))
        {
            json = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        }
        if (CampaignJson.Read(json, "the campaign", out var error) is not { } definition)
        {
            return WebConsoleJson.Error(StatusCodes.Status400BadRequest, error!);
        }
        if (CampaignValidator.Validate(definition) is { Count: > 0 } errors)
        {
            return WebConsoleJson.Error(StatusCodes.Status400BadRequest, $"campaign '{definition.Id}' is not accepted", WebConsoleJson.FieldErrors(errors));
        }
        var result = await grains.GetGrain<ICampaignRegistryGrain>(0).CreateAsync(definition, replace ?? false);
        if (!result.Ok)
        {
            return WebConsoleJson.Error(StatusCodes.Status400BadRequest, $"campaign '{definition.Id}' is not accepted", WebConsoleJson.FieldErrors(result.Errors));
        }
        return Results.Json(Summary(result.Campaign!, await ResultsOfAsync(grains, definition.Id)), WebConsoleJson.Options, statusCode: result.Campaign!.Revision == 1 ? 201 : 200);
    }

    /// <summary>A campaign's results so far (a replaced or re-statused campaign keeps them); zero for a new one.</summary>
    private static async Task<CampaignResults> ResultsOfAsync(IGrainFactory grains, string id) =>
        (await grains.GetGrain<IStatsGrain>(0).GetCampaignResultsAsync()).GetValueOrDefault(id) ?? CampaignResults.Zero;

    private static object Summary(CampaignRecord c, CampaignResults results) => new
    {
        c.Definition.Id, c.Definition.Name, c.Status, c.StatusReason, c.Revision, c.ChangedUtc, c.Definition.Priority,
        offer = c.Definition.Offer.Code, targeting = c.Definition.Targeting, results = WebConsoleJson.Funnel(results),
    };

    private static IResult NotFound(string id) =>
        WebConsoleJson.Error(StatusCodes.Status404NotFound, $"no campaign '{id}'; GET /api/campaigns lists them");
}
