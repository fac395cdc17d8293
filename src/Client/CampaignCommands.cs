using System.CommandLine;
using Cdr.Orleans.Infrastructure.Files;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Domain.Campaigns;
using Cdr.Orleans.Domain.Cdrs;
using Cdr.Orleans.Domain.Files;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Contracts.Responses;
using Cdr.Orleans.Domain.Responses;

namespace Cdr.Orleans.Client;

/// <summary>
/// <c>campaign</c> (create, validate, list, show, pause, resume, stop, backtest), <c>offers tail</c> and
/// <c>offer respond</c>. Validation and backtests run locally with the engine's own Domain code; the rest talk to the cluster.
/// </summary>
public static class CampaignCommands
{
    private static readonly Option<bool> AsJson = new("--json") { Description = "Print JSON instead of tables" };

    public static IEnumerable<Command> Build(Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster)
    {
        var campaign = new Command("campaign", "Create, inspect, steer and backtest campaigns.")
        {
            Create(withCluster), Validate(), List(withCluster), Show(withCluster),
            Status("pause", "Stop evaluating a campaign until it is resumed.", CampaignStatus.Paused, withCluster),
            Status("resume", "Evaluate a paused campaign again.", CampaignStatus.Active, withCluster),
            Status("stop", "End a campaign for good (its results stay).", CampaignStatus.Stopped, withCluster),
            Backtest(), History(withCluster), Send(withCluster),
        };
        var offers = new Command("offers", "The offer log.") { Tail(withCluster) };
        var offer = new Command("offer", "Act on one offer.") { Respond(withCluster) };
        return [campaign, offers, offer];
    }

    private static Command Create(Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster)
    {
        var fields = new DefinitionOptions();
        var replace = new Option<bool>("--replace") { Description = "Give an existing campaign (same id) this new definition" };
        var command = new Command("create", "Create a campaign from a JSON file and/or flags (flags override the file's fields).") { replace, AsJson };
        fields.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            if (fields.Read(parse, out var error) is not { } definition)
            {
                Console.Error.WriteLine($"error: {error}");
                return Task.FromResult(ClientCommands.ExitBadInput);
            }
            if (CampaignValidator.Validate(definition) is var errors && (errors.Count > 0 || definition.OneShot))
            {
                PrintErrors(definition.Id, definition.OneShot ? [.. errors, CampaignValidator.OneShotNeedsSend] : errors);
                return Task.FromResult(ClientCommands.ExitBadInput);
            }
            return withCluster(parse, cancellationToken, async client =>
            {
                var result = await client.GetGrain<ICampaignRegistryGrain>(0).CreateAsync(definition, parse.GetValue(replace), ClientCommands.Who);
                if (!result.Ok)
                {
                    PrintErrors(definition.Id, result.Errors);
                    return ClientCommands.ExitBadInput;
                }
                var record = result.Campaign!;
                if (parse.GetValue(AsJson))
                {
                    Console.WriteLine(Json.Write(record));
                }
                else
                {
                    Console.WriteLine($"campaign {record.Definition.Id} {(record.Revision == 1 ? "created" : "replaced")} (revision {record.Revision}, {Lower(record.Status)}); " +
                        "every silo evaluates it within a second");
                    if (UsesPropensity(record.Definition) && (await client.GetGrain<Contracts.Models.IModelGrain>(record.Definition.Id).GetAsync()).Current is null)
                    {
                        Console.WriteLine("it has no propensity model yet: until one is promoted, Propensity reads 1 and it sends to everyone its rules select, " +
                            "gathering the responses a model learns from ('model show' follows it)");
                    }
                }
                return 0;
            });
        });
        return command;
    }

    private static Command Send(Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster)
    {
        var fields = new DefinitionOptions(send: true);
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the send has started instead of following it" };
        var command = new Command("send", "Send an offer once to every subscriber a segment rule matches now: a one-shot campaign with its caps, budget, control group and the contact policy.")
        {
            noWait, AsJson,
        };
        fields.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            if (fields.Read(parse, out var error) is not { } read)
            {
                Console.Error.WriteLine($"error: {error}");
                return Task.FromResult(ClientCommands.ExitBadInput);
            }
            var definition = read with { OneShot = true };
            if (CampaignValidator.Validate(definition) is { Count: > 0 } errors)
            {
                PrintErrors(definition.Id, errors);
                return Task.FromResult(ClientCommands.ExitBadInput);
            }
            var json = parse.GetValue(AsJson);
            return withCluster(parse, cancellationToken, async client =>
            {
                var sender = client.GetGrain<ICampaignSendGrain>(definition.Id);
                if (!json)
                {
                    Console.WriteLine($"counting who the segment matches now: {CampaignValidator.SegmentRule(definition)}");
                }
                var started = await sender.StartAsync(definition, ClientCommands.Who);
                if (!started.Ok)
                {
                    PrintErrors(definition.Id, started.Errors);
                    return started.MatchedNobody ? ClientCommands.ExitNotFound : ClientCommands.ExitBadInput;
                }
                if (!json)
                {
                    Console.WriteLine($"{started.Matching:N0} of {started.Considered:N0} subscribers match: campaign {definition.Id} (revision {started.Revision}) is sending");
                }
                var progress = await sender.GetProgressAsync();
                SendProgress? shown = null;
                while (!parse.GetValue(noWait) && progress is { State: SendState.Sending } && !cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                    progress = await sender.GetProgressAsync();
                    if (!json && progress is not null && progress != shown)
                    {
                        CampaignView.RenderSendLine(shown = progress);
                    }
                }
                if (json)
                {
                    Console.WriteLine(Json.Write(new { start = started, progress }));
                }
                else if (progress is not null)
                {
                    if (progress != shown)
                    {
                        CampaignView.RenderSendLine(progress);
                    }
                    Console.WriteLine($"its funnel, delivery and uplift: cdr campaign show {definition.Id}");
                }
                return 0;
            });
        });
        return command;
    }

    private static Command History(Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster)
    {
        var id = new Argument<string>("id") { Description = "The campaign's id" };
        var command = new Command("history", "Every revision of a campaign: when, by whom, its status, and what changed in its definition.") { id, AsJson };
        command.SetAction((parse, cancellationToken) => withCluster(parse, cancellationToken, async client =>
        {
            var campaignId = parse.GetValue(id)!.Trim();
            var revisions = await client.GetGrain<ICampaignHistoryGrain>(campaignId).GetAsync();
            if (revisions.Count == 0)
            {
                Console.Error.WriteLine($"no campaign '{campaignId}' (or none with a history: made before histories were kept); 'campaign list' shows the ids");
                return ClientCommands.ExitNotFound;
            }
            var changes = CampaignChanges.Of(revisions);
            if (parse.GetValue(AsJson))
            {
                Console.WriteLine(Json.Write(changes));
                return 0;
            }
            if (changes[0].Revision > 1)
            {
                var before = changes[0].Revision == 2 ? "revision 1 was" : $"revisions 1 to {changes[0].Revision - 1} were";
                Console.WriteLine($"({before} made before histories were kept: the first kept shows the whole definition)");
            }
            foreach (var change in changes)
            {
                Console.WriteLine($"revision {change.Revision}  {change.ChangedUtc:yyyy-MM-dd HH:mm:ss}Z  {Lower(change.Status)}  by {change.ChangedBy}" +
                    (change.StatusReason is { } reason ? $"  ({reason})" : ""));
                foreach (var line in change.Diff)
                {
                    Console.WriteLine($"    {line}");
                }
            }
            return 0;
        }));
        return command;
    }

    private static Command Validate()
    {
        var file = new Option<string>("--file") { Description = "Campaign JSON file", Required = true };
        var command = new Command("validate", "Check a campaign file without creating it: fields, rules, and the terms its offers will record.") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (DataFiles.ReadCampaign(path, out var error) is not { } definition)
            {
                Console.Error.WriteLine($"error: {error}");
                return ClientCommands.ExitBadInput;
            }
            var record = new CampaignRecord(definition, CampaignStatus.Active, 1, DateTime.UtcNow, DateTime.UtcNow);
            if (Campaign.TryCompile(record, new CampaignTallies().NewTally(), out var errors) is not { } campaign)
            {
                PrintErrors(definition.Id, errors);
                return ClientCommands.ExitBadInput;
            }
            CampaignView.RenderValid(campaign);
            return 0;
        });
        return command;
    }

    private static Command List(Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster)
    {
        var command = new Command("list", "Every campaign with its status and headline results.") { AsJson };
        command.SetAction((parse, cancellationToken) => withCluster(parse, cancellationToken, async client =>
        {
            var campaigns = await client.GetGrain<ICampaignRegistryGrain>(0).ListAsync();
            var results = await client.GetGrain<IStatsGrain>(0).GetCampaignResultsAsync();
            if (parse.GetValue(AsJson))
            {
                Console.WriteLine(Json.Write(campaigns.Select(c => new { campaign = c, results = results.GetValueOrDefault(c.Definition.Id) ?? CampaignResults.Zero })));
            }
            else
            {
                CampaignView.RenderList(campaigns, results);
            }
            return 0;
        }));
        return command;
    }

    private static Command Show(Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster)
    {
        var id = new Argument<string>("id") { Description = "Campaign id, e.g. night-pack" };
        var command = new Command("show", "A campaign's definition, live results and offer delivery.") { id, AsJson };
        command.SetAction((parse, cancellationToken) => withCluster(parse, cancellationToken, async client =>
        {
            var campaignId = parse.GetValue(id)!;
            if (await client.GetGrain<ICampaignRegistryGrain>(0).GetAsync(campaignId) is not { } record)
            {
                Console.Error.WriteLine($"no campaign '{campaignId}'; 'campaign list' shows the ids");
                return ClientCommands.ExitNotFound;
            }
            var results = (await client.GetGrain<IStatsGrain>(0).GetCampaignResultsAsync()).GetValueOrDefault(campaignId) ?? CampaignResults.Zero;
            var budget = await client.GetGrain<ICampaignBudgetGrain>(campaignId).GetAsync();
            var models = await client.GetGrain<Contracts.Models.IModelGrain>(campaignId).GetAsync();
            var deliveries = await client.GetGrain<IOfferLogGrain>(0).GetDeliveryCountsAsync(campaignId);
            var send = record.Definition.OneShot ? await client.GetGrain<ICampaignSendGrain>(campaignId).GetProgressAsync() : null;
            if (parse.GetValue(AsJson))
            {
                var current = models.Versions.FirstOrDefault(v => v.Version == models.Current);
                Console.WriteLine(Json.Write(new
                {
                    campaign = record, results, budget = new { budget.Limit, budget.Taken, budget.Left }, uplift = CampaignUplift.Of(results),
                    model = current is null ? null : new { current.Version, current.Kind, current.Holdout }, deliveries, send,
                }));
            }
            else
            {
                CampaignView.RenderShow(record, results, budget, models);
                if (send is not null)
                {
                    CampaignView.RenderSendLine(send);
                }
                CampaignView.RenderDeliveries(deliveries);
            }
            return 0;
        }));
        return command;
    }

    private static Command Status(string name, string description, CampaignStatus status,
        Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster)
    {
        var id = new Argument<string>("id") { Description = "Campaign id" };
        var command = new Command(name, description) { id };
        command.SetAction((parse, cancellationToken) => withCluster(parse, cancellationToken, async client =>
        {
            var campaignId = parse.GetValue(id)!;
            var result = await client.GetGrain<ICampaignRegistryGrain>(0).SetStatusAsync(campaignId, status, ClientCommands.Who);
            if (!result.Ok)
            {
                result.Errors.ToList().ForEach(e => Console.Error.WriteLine($"error: {e}"));
                return result.Errors[0].StartsWith("no campaign", StringComparison.Ordinal) ? ClientCommands.ExitNotFound : ClientCommands.ExitBadInput;
            }
            Console.WriteLine($"campaign {campaignId} is {Lower(result.Campaign!.Status)} (revision {result.Campaign.Revision})");
            return 0;
        }));
        return command;
    }

    private static Command Backtest()
    {
        var files = new Option<string[]>("--file") { Description = "Campaign JSON file; repeat to backtest several together", Required = true, AllowMultipleArgumentsPerToken = true };
        var cdrs = new Option<string>("--cdrs") { Description = "CDR CSV file", Required = true };
        var subscribers = new Option<string?>("--subscribers") { Description = "Subscriber profile CSV (default: CDRS.subscribers.csv when it exists)" };
        var homeCountry = new Option<string>("--home-country") { Description = "As the silo's Cdr:Engine:HomeCountry", DefaultValueFactory = _ => HomeNetwork.DefaultCountry };
        var onNet = new Option<string>("--on-net") { Description = "As the silo's Cdr:Engine:OnNetPrefixes", DefaultValueFactory = _ => HomeNetwork.DefaultOnNetPrefixes };
        var limit = new Option<int>("--limit") { Description = "Decisions listed (all are counted)", DefaultValueFactory = _ => 50 };
        var command = new Command("backtest", "Run campaigns over a CDR file offline, with the engine's own code: who would get an offer, and when.")
        {
            files, cdrs, subscribers, homeCountry, onNet, limit, AsJson,
        };
        command.SetAction(parse =>
        {
            var definitions = new List<CampaignDefinition>();
            foreach (var path in parse.GetValue(files)!)
            {
                if (DataFiles.ReadCampaign(path, out var error) is not { } definition)
                {
                    Console.Error.WriteLine($"error: {error}");
                    return ClientCommands.ExitBadInput;
                }
                if (CampaignValidator.Validate(definition) is { Count: > 0 } errors)
                {
                    PrintErrors(definition.Id, errors);
                    return ClientCommands.ExitBadInput;
                }
                definitions.Add(definition);
            }
            var network = HomeNetwork.Parse(parse.GetValue(homeCountry)!, parse.GetValue(onNet)!);
            var cdrPath = parse.GetValue(cdrs)!;
            var profilePath = parse.GetValue(subscribers) ?? (File.Exists(ProfileCsv.PathFor(cdrPath)) ? ProfileCsv.PathFor(cdrPath) : null);
            try
            {
                var result = RunBacktest(definitions, network, cdrPath, profilePath, parse.GetValue(AsJson));
                if (parse.GetValue(AsJson))
                {
                    Console.WriteLine(Json.Write(result));
                }
                else
                {
                    CampaignView.RenderBacktest(result, profilePath, parse.GetValue(limit));
                }
                return 0;
            }
            catch (Exception ex) when (ex is FileNotFoundException or FormatException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ClientCommands.ExitBadInput;
            }
        });
        return command;
    }

    private static BacktestResult RunBacktest(List<CampaignDefinition> definitions, HomeNetwork network, string cdrPath, string? profilePath, bool quiet)
    {
        if (!File.Exists(cdrPath))
        {
            throw new FileNotFoundException($"{cdrPath}: no such file; give a CDR CSV file (the generator's --out writes one)", cdrPath);
        }
        var backtest = new CampaignBacktest(definitions, network, DateTime.UtcNow, CdrValidator.DefaultFutureTolerance);
        if (profilePath is not null)
        {
            var errors = new List<string>();
            foreach (var profile in DataFiles.ReadProfiles(profilePath, errors))
            {
                backtest.AddProfile(profile);
            }
            errors.Take(20).ToList().ForEach(e => Console.Error.WriteLine($"rejected {e}"));
        }
        using var reader = new StreamReader(cdrPath);
        var shown = 0;
        DataFiles.Backtest(backtest, reader, Path.GetFileName(cdrPath), error =>
        {
            if (!quiet && shown++ < 20)
            {
                Console.Error.WriteLine($"rejected {error}");
            }
        });
        return backtest.Result();
    }

    private static Command Tail(Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster)
    {
        var campaign = new Option<string?>("--campaign") { Description = "Only this campaign's offers" };
        var follow = new Option<bool>("--follow") { Description = "Keep printing new offers as they arrive (Ctrl+C stops)" };
        var last = new Option<int>("--last") { Description = "Start with the latest N entries", DefaultValueFactory = _ => 20 };
        var command = new Command("tail", "The latest offer decisions (sent and held out), live with --follow.") { campaign, follow, last, AsJson };
        command.SetAction((parse, cancellationToken) => withCluster(parse, cancellationToken, async client =>
        {
            var log = client.GetGrain<IOfferLogGrain>(0);
            var campaignId = parse.GetValue(campaign);
            var json = parse.GetValue(AsJson);
            var after = Math.Max(0, await log.GetLastSequenceAsync() - Math.Max(0, parse.GetValue(last)));
            var header = true;
            do
            {
                var page = await log.ReadAsync(after, campaignId, 1_000);
                if (page.Missed > 0)
                {
                    Console.Error.WriteLine($"({page.Missed:N0} offers were evicted from the log before they could be shown)");
                }
                if (page.Offers.Count > 0)
                {
                    CampaignView.RenderOffers(page.Offers, json, header);
                    header = false;
                }
                after = page.Next;
                if (page.Offers.Count == 0 && parse.GetValue(follow))
                {
                    try
                    {
                        await Task.Delay(200, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
                else if (page.Offers.Count == 0 && header)
                {
                    Console.WriteLine(campaignId is null ? "no offers yet" : $"no offers of campaign '{campaignId}' in the log");
                }
            }
            while (parse.GetValue(follow) && !cancellationToken.IsCancellationRequested || await HasMoreAsync(log, after));
            return 0;
        }));
        return command;
    }

    private static bool UsesPropensity(CampaignDefinition d) =>
        d.Targeting is not null || d.Trigger.Contains("Propensity", StringComparison.Ordinal)
        || (d.Eligibility?.Rule?.Contains("Propensity", StringComparison.Ordinal) ?? false);

    private static async Task<bool> HasMoreAsync(IOfferLogGrain log, long after) => await log.GetLastSequenceAsync() > after;

    private static Command Respond(Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster)
    {
        var id = new Argument<string>("offer-id") { Description = "The offer's id (offers tail shows it)" };
        var answer = new Argument<string>("response") { Description = "accept, decline or stop (stop: the subscriber wants no more offers)" };
        var command = new Command("respond", "Report a subscriber's response to an offer: accept, decline or stop.") { id, answer };
        command.SetAction((parse, cancellationToken) =>
        {
            var offerId = parse.GetValue(id)!.Trim();
            if (ResponseWords.Parse(parse.GetValue(answer)) is not { } response)
            {
                Console.Error.WriteLine($"error: response '{parse.GetValue(answer)}' is not accepted; accepted: {ResponseWords.Accepted}");
                return Task.FromResult(ClientCommands.ExitBadInput);
            }
            if (!ResponseWords.IsOfferId(offerId))
            {
                Console.Error.WriteLine($"error: '{offerId}' is not an offer id; an offer id is 16 lowercase hex digits, as offers tail shows it");
                return Task.FromResult(ClientCommands.ExitBadInput);
            }
            return withCluster(parse, cancellationToken, async client =>
            {
                var recorded = (await client.GetGrain<IResponseGrain>(0).RespondAsync([new OfferAnswer(offerId, response, DateTime.UtcNow, "client")]))[0];
                var (message, exit) = ResponseMessages.Of(offerId, response, recorded);
                (exit == 0 ? Console.Out : Console.Error).WriteLine(message);
                return exit == 0 ? 0 : exit == 404 ? ClientCommands.ExitNotFound : ClientCommands.ExitBadInput;
            });
        });
        return command;
    }

    private static void PrintErrors(string? id, IReadOnlyList<string> errors)
    {
        Console.Error.WriteLine($"error: campaign '{id}' is not accepted:");
        foreach (var error in errors)
        {
            Console.Error.WriteLine($"  - {error}");
        }
    }

    internal static string Lower<T>(T value) where T : struct, Enum => value.ToString() switch
    {
        "HeldOut" => "held out",
        var text => text.ToLowerInvariant(),
    };

    /// <summary>
    /// The flags of <c>campaign create</c> (and <c>campaign send</c>, whose trigger is the segment, <c>--segment</c>):
    /// each overrides the same field of the file, or builds a campaign without one.
    /// </summary>
    private sealed class DefinitionOptions(bool send = false)
    {
        private readonly Option<string?> file = new("--file") { Description = "Campaign JSON file (see campaigns/)" };
        private readonly Option<string?> id = new("--id") { Description = "Campaign id: lowercase letters, digits, dashes" };
        private readonly Option<string?> name = new("--name") { Description = "Campaign name" };
        private readonly Option<string?> description = new("--description") { Description = "What the campaign is for" };
        private readonly Option<int?> priority = new("--priority") { Description = "Higher wins when several campaigns trigger on one CDR" };
        private readonly Option<string?> trigger = send
            ? new("--segment") { Description = "Who gets the offer: a segment rule, e.g. \"D30.DataSessions > 20 && Age < 30\"" }
            : new("--trigger") { Description = "Trigger rule, e.g. \"H24.VoiceMinutes > 60\"" };
        private readonly Option<string?> rule = new("--eligibility") { Description = "Further eligibility rule, e.g. \"Age < 30\"" };
        private readonly Option<string?> tiers = new("--tiers") { Description = "Eligible tiers, comma-separated: Free,Silver,Gold" };
        private readonly Option<string?> plans = new("--plans") { Description = "Eligible plans, comma-separated: Prepaid,Postpaid" };
        private readonly Option<string?> regions = new("--regions") { Description = "Eligible home regions, comma-separated" };
        private readonly Option<string?> operators = new("--operators") { Description = "Eligible operators, comma-separated" };
        private readonly Option<string?> code = new("--offer-code") { Description = "Offer product code" };
        private readonly Option<string?> text = new("--offer-text") { Description = "Offer text" };
        private readonly Option<string?> channel = new("--channel") { Description = "sms, in-app, push or email" };
        private readonly Option<decimal?> value = new("--value") { Description = "What the offer is worth" };
        private readonly Option<int?> perSubscriber = new("--per-subscriber") { Description = "Offers per subscriber per period" };
        private readonly Option<string?> period = new("--period") { Description = "Cap period, e.g. 24h or 7d" };
        private readonly Option<long?> budget = new("--budget") { Description = "Total offers the campaign may send" };
        private readonly Option<double?> control = new("--control-share") { Description = "Share held out as control group, 0 to 0.5" };
        private readonly Option<DateTime?> start = new("--start") { Description = "First CDR time the campaign applies to (UTC)" };
        private readonly Option<DateTime?> end = new("--end") { Description = "Last CDR time the campaign applies to (UTC)" };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { file, id, name, description, priority, trigger, rule, tiers, plans, regions, operators, code, text, channel, value, perSubscriber, period, budget, control, start, end })
            {
                command.Options.Add(option);
            }
        }

        public CampaignDefinition? Read(ParseResult parse, out string? error)
        {
            error = null;
            var definition = new CampaignDefinition();
            if (parse.GetValue(file) is { } path)
            {
                if (DataFiles.ReadCampaign(path, out error) is not { } fromFile)
                {
                    return null;
                }
                definition = fromFile;
            }
            else if (parse.GetValue(id) is null || parse.GetValue(trigger) is null)
            {
                error = $"give --file FILE.json, or at least --id, --name, {trigger.Name}, --offer-code and --offer-text";
                return null;
            }
            var offer = definition.Offer with
            {
                Code = parse.GetValue(code) ?? definition.Offer.Code,
                Text = parse.GetValue(text) ?? definition.Offer.Text,
                Channel = parse.GetValue(channel) ?? definition.Offer.Channel,
                Value = parse.GetValue(value) ?? definition.Offer.Value,
            };
            var eligibility = definition.Eligibility with
            {
                Tiers = List(parse.GetValue(tiers)) ?? definition.Eligibility.Tiers,
                Plans = List(parse.GetValue(plans)) ?? definition.Eligibility.Plans,
                Regions = List(parse.GetValue(regions)) ?? definition.Eligibility.Regions,
                Operators = List(parse.GetValue(operators)) ?? definition.Eligibility.Operators,
                Rule = parse.GetValue(rule) ?? definition.Eligibility.Rule,
            };
            var caps = definition.Caps with
            {
                PerSubscriber = parse.GetValue(perSubscriber) ?? definition.Caps.PerSubscriber,
                Period = parse.GetValue(period) ?? definition.Caps.Period,
                Budget = parse.GetValue(budget) ?? definition.Caps.Budget,
            };
            return definition with
            {
                Id = parse.GetValue(id) ?? definition.Id,
                Name = parse.GetValue(name) ?? definition.Name,
                Description = parse.GetValue(description) ?? definition.Description,
                Priority = parse.GetValue(priority) ?? definition.Priority,
                Trigger = parse.GetValue(trigger) ?? definition.Trigger,
                Offer = offer,
                Eligibility = eligibility,
                Caps = caps,
                ControlShare = parse.GetValue(control) ?? definition.ControlShare,
                Start = parse.GetValue(start)?.ToUniversalTime() ?? definition.Start,
                End = parse.GetValue(end)?.ToUniversalTime() ?? definition.End,
            };
        }

        private static string[]? List(string? text) =>
            text?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }
}
