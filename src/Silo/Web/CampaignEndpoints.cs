using System.Text.Json;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Models;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Domain.Campaigns;
using Cdr.Orleans.Domain.Cdrs;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// Campaigns for the console: the list with its funnel, one campaign with its uplift and latest offers, create (the
/// campaign file's JSON), pause / resume / stop, backtest an uploaded file. The key, origin and size checks are
/// <see cref="ConsoleGuard"/>'s, in front of every route.
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
            return WebConsoleJson.Json<IReadOnlyList<ConsoleApi.CampaignSummary>>(
                [.. campaigns.Select(c => Summary(c, results.GetValueOrDefault(c.Definition.Id) ?? CampaignResults.Zero))]);
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
            return WebConsoleJson.Json(new ConsoleApi.CampaignDetail(
                Summary(record, results),
                JsonDocument.Parse(CampaignJson.Write(record.Definition)).RootElement,
                new ConsoleApi.Budget(budget.Limit, budget.Taken, budget.Left),
                CampaignUplift.Of(results),
                model is null ? null : new ConsoleApi.ModelBrief(model.Version, model.Kind, model.Holdout.Auc),
                [.. page.Offers.TakeLast(LatestOffers).Reverse().Select(o => new ConsoleApi.OfferRow(
                    o.Decision.Id, Msisdn.Mask(o.Decision.Msisdn), o.Decision.CdrStartUtc, o.Decision.Outcome, o.Decision.OfferCode,
                    o.Decision.Values, o.Decision.Propensity, o.Decision.Explored, o.Response, o.Delivery))],
                await log.GetDeliveryCountsAsync(id),
                record.Definition.OneShot ? await grains.GetGrain<ICampaignSendGrain>(id).GetProgressAsync() : null));
        });
        api.MapPost("/campaigns", CreateAsync);
        api.MapPost("/campaigns/send", SendAsync);
        api.MapGet("/campaigns/{id}/send", async (string id, IGrainFactory grains) =>
            await grains.GetGrain<ICampaignSendGrain>(id).GetProgressAsync() is { } progress
                ? WebConsoleJson.Json(progress)
                : WebConsoleJson.Error(StatusCodes.Status404NotFound, $"no segment send '{id}'; a one-shot campaign is sent with POST /api/campaigns/send"));
        api.MapPost("/campaigns/{id}/backtest", BacktestAsync).DisableAntiforgery();
        api.MapGet("/campaigns/{id}/history", async (string id, IGrainFactory grains) =>
        {
            var revisions = await grains.GetGrain<ICampaignHistoryGrain>(id).GetAsync();
            return revisions.Count == 0 ? NotFound(id) : WebConsoleJson.Json(CampaignChanges.Of(revisions));
        });
        api.MapPost("/campaigns/{id}/status", async (string id, ConsoleApi.StatusChange change, IGrainFactory grains, HttpContext context) =>
        {
            if (change.Status is not { } name || !Statuses.TryGetValue(name, out var status))
            {
                return WebConsoleJson.Error(StatusCodes.Status400BadRequest, $"status '{change.Status}' is not accepted; accepted: {string.Join(", ", Statuses.Keys)}");
            }
            var result = await grains.GetGrain<ICampaignRegistryGrain>(0).SetStatusAsync(id, status, Who(context));
            return result.Ok ? WebConsoleJson.Json(Summary(result.Campaign!, await ResultsOfAsync(grains, id)))
                : result.Errors[0].StartsWith("no campaign", StringComparison.Ordinal) ? NotFound(id)
                : WebConsoleJson.Error(StatusCodes.Status400BadRequest, string.Join("; ", result.Errors));
        });
    }

    /// <summary>
    /// The contact policy: <c>GET /api/policy</c> (with the programme's uplift over the global control group) and
    /// <c>POST /api/policy</c>, a whole policy (<c>maxPerDay</c>, <c>maxPerWeek</c>, <c>quietHours</c>,
    /// <c>globalControlShare</c>; absent: none); 400 with every problem when it cannot work.
    /// </summary>
    public static void MapPolicyEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/policy", async (IGrainFactory grains) => WebConsoleJson.Json(await PolicyViewAsync(grains, await grains.GetGrain<ICampaignRegistryGrain>(0).GetPolicyAsync())));
        api.MapPost("/policy", async (ConsoleApi.PolicyChange change, IGrainFactory grains) =>
        {
            var result = await grains.GetGrain<ICampaignRegistryGrain>(0).SetPolicyAsync(new ContactPolicy
            {
                MaxPerDay = change.MaxPerDay, MaxPerWeek = change.MaxPerWeek, QuietHours = change.QuietHours, GlobalControlShare = change.GlobalControlShare ?? 0,
            });
            return result.Ok
                ? WebConsoleJson.Json(await PolicyViewAsync(grains, result.Policy!))
                : WebConsoleJson.Error(StatusCodes.Status400BadRequest, "the policy is not accepted", WebConsoleJson.FieldErrors(result.Errors));
        });
    }

    private static async Task<ConsoleApi.PolicyView> PolicyViewAsync(IGrainFactory grains, ContactPolicy policy)
    {
        var results = await grains.GetGrain<IStatsGrain>(0).GetCampaignResultsAsync();
        return new ConsoleApi.PolicyView(policy, CampaignUplift.Programme(results.Values));
    }

    /// <summary>
    /// What the campaign would have done over an uploaded CDR file (a form's field <c>file</c>, in the engine's CSV
    /// layout or a replaced system's), offline, with the engine's own code, as <c>campaign backtest</c>. No subscriber
    /// profiles: eligibility on profile fields sees none. At most <see cref="WebConsoleOptions.MaxConcurrentBacktests"/>
    /// at once; the upload's size is bounded by <see cref="ConsoleGuard"/>.
    /// </summary>
    private static async Task<IResult> BacktestAsync(string id, HttpRequest request, IGrainFactory grains, Domain.HomeNetwork network, ConsoleLimits limits)
    {
        if (await grains.GetGrain<ICampaignRegistryGrain>(0).GetAsync(id) is not { } record)
        {
            return NotFound(id);
        }
        using var place = limits.TryBacktest();
        if (place is null)
        {
            return ConsoleLimits.Busy("backtests", nameof(WebConsoleOptions.MaxConcurrentBacktests), limits.Settings.MaxConcurrentBacktests);
        }
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        if (form.Files.GetFile("file") is not { } file)
        {
            return WebConsoleJson.Error(StatusCodes.Status400BadRequest, "the form has no field 'file'; send the CDR file as the form's field 'file'");
        }
        var backtest = new CampaignBacktest([record.Definition], network, DateTime.UtcNow, CdrValidator.DefaultFutureTolerance);
        var reasons = new List<string>();
        try
        {
            await using var body = file.OpenReadStream();
            using var reader = new StreamReader(body);
            // The parser reads lines synchronously; the form's file is already buffered (in memory or a temporary file).
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
        return WebConsoleJson.Json(new ConsoleApi.Backtest(
            id, result.CdrsApplied, result.Rejected, reasons,
            WebConsoleJson.Funnel(result.Results.GetValueOrDefault(id) ?? CampaignResults.Zero),
            result.Decisions.Count,
            [.. result.Decisions.Take(LatestOffers).Select(d => new ConsoleApi.BacktestOffer(Msisdn.Mask(d.Msisdn), d.CdrStartUtc, d.Outcome, d.Values))],
            "none: eligibility on profile fields (tier, plan, age, region...) sees no profile"));
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
        if (CampaignValidator.Validate(definition) is var errors && (errors.Count > 0 || definition.OneShot))
        {
            return WebConsoleJson.Error(StatusCodes.Status400BadRequest, $"campaign '{definition.Id}' is not accepted",
                WebConsoleJson.FieldErrors(definition.OneShot ? [.. errors, CampaignValidator.OneShotNeedsSend] : errors));
        }
        var result = await grains.GetGrain<ICampaignRegistryGrain>(0).CreateAsync(definition, replace ?? false, Who(request.HttpContext));
        if (!result.Ok)
        {
            return WebConsoleJson.Error(StatusCodes.Status400BadRequest, $"campaign '{definition.Id}' is not accepted", WebConsoleJson.FieldErrors(result.Errors));
        }
        return WebConsoleJson.Json(Summary(result.Campaign!, await ResultsOfAsync(grains, definition.Id)), result.Campaign!.Revision == 1 ? 201 : 200);
    }

    /// <summary>
    /// A segment send: the body is a campaign's JSON whose trigger is the segment rule (sent once, now, to everyone it
    /// matches). Refused, with nothing created, when it is not valid, its id is taken, or the segment matches nobody.
    /// </summary>
    private static async Task<IResult> SendAsync(HttpRequest request, IGrainFactory grains)
    {
        string json;
        using (var reader = new StreamReader(request.Body))
        {
            json = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        }
        if (CampaignJson.Read(json, "the campaign", out var error) is not { } read)
        {
            return WebConsoleJson.Error(StatusCodes.Status400BadRequest, error!);
        }
        var definition = read with { OneShot = true };
        if (CampaignValidator.Validate(definition) is { Count: > 0 } errors)
        {
            return WebConsoleJson.Error(StatusCodes.Status400BadRequest, $"segment send '{definition.Id}' is not accepted", WebConsoleJson.FieldErrors(errors));
        }
        var started = await grains.GetGrain<ICampaignSendGrain>(definition.Id).StartAsync(definition, Who(request.HttpContext));
        if (!started.Ok)
        {
            // Matching nobody is no fault of the request's form: 422 says the segment, not the JSON, is what to change.
            var status = started.MatchedNobody ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest;
            return WebConsoleJson.Error(status, $"segment send '{definition.Id}' is not accepted", WebConsoleJson.FieldErrors(started.Errors));
        }
        var record = await grains.GetGrain<ICampaignRegistryGrain>(0).GetAsync(definition.Id);
        return WebConsoleJson.Json(new ConsoleApi.SendStarted(started.Matching, started.Considered, Summary(record!, await ResultsOfAsync(grains, definition.Id))), 201);
    }

    /// <summary>A campaign's results so far (a replaced or re-statused campaign keeps them); zero for a new one.</summary>
    private static async Task<CampaignResults> ResultsOfAsync(IGrainFactory grains, string id) =>
        (await grains.GetGrain<IStatsGrain>(0).GetCampaignResultsAsync()).GetValueOrDefault(id) ?? CampaignResults.Zero;

    private static ConsoleApi.CampaignSummary Summary(CampaignRecord c, CampaignResults results) => new(
        c.Definition.Id, c.Definition.Name, c.Status, c.StatusReason, c.Revision, c.ChangedUtc, c.Definition.Priority,
        c.Definition.Offer.Code, c.Definition.Targeting, WebConsoleJson.Funnel(results));

    /// <summary>Who changes a campaign through the API, as its history keeps it: the web console, the caller's address, and how it held the key.</summary>
    private static string Who(HttpContext context)
    {
        var request = context.Request;
        var how = request.Headers.ContainsKey(ConsoleSession.Header) ? ", with the key" : request.Cookies.Count > 0 ? ", in a console session" : "";
        return $"web console ({context.Connection.RemoteIpAddress}{how})";
    }

    private static IResult NotFound(string id) =>
        WebConsoleJson.Error(StatusCodes.Status404NotFound, $"no campaign '{id}'; GET /api/campaigns lists them");
}
