using Cdr.Orleans.Cluster;
using System.CommandLine;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Cdrs;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Infrastructure.Files;
using Microsoft.Extensions.Configuration;

namespace Cdr.Orleans.Client;

/// <summary>The console for campaign managers and operators.</summary>
public static class ClientCommands
{
    public const int ExitNotFound = 1;
    public const int ExitBadInput = ClusterConnection.ExitBadInput;

    private static readonly Option<bool> AsJson = new("--json") { Description = "Print JSON instead of tables" };

    public static RootCommand Build()
    {
        var root = new RootCommand("Cdr.Orleans console: subscribers, campaigns, offers and live statistics.") { ClusterSwitches.Gateway, ClusterSwitches.Redis, ClusterSwitches.RedisCa, ClusterSwitches.RedisPasswordFile };
        root.Subcommands.Add(SubscriberCommand());
        root.Subcommands.Add(StatsCommand());
        root.Subcommands.Add(DirectoryCommand());
        root.Subcommands.Add(SegmentCommand());
        root.Subcommands.Add(ModelCommands.Build(WithClusterAsync));
        root.Subcommands.Add(PolicyCommands.Build(WithClusterAsync));
        root.Subcommands.Add(HistoryCommands.Build());
        foreach (var command in CampaignCommands.Build(WithClusterAsync))
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    private static Command SubscriberCommand()
    {
        var msisdn = new Argument<string>("msisdn") { Description = "E.164 number, e.g. +447700900123" };
        var show = new Command("show", "A subscriber's profile, totals, windows and best time to call.") { msisdn, AsJson };
        show.SetAction((parse, cancellationToken) =>
        {
            if (NumberOf(parse, msisdn) is not { } number)
            {
                return Task.FromResult(ExitBadInput);
            }
            return WithClusterAsync(parse, cancellationToken, async client =>
            {
                var snapshot = await client.GetGrain<ISubscriberGrain>(number).GetSnapshotAsync();
                if (snapshot is null)
                {
                    Console.Error.WriteLine($"no subscriber {number}: no profile was loaded for it and it has made no call");
                    return ExitNotFound;
                }
                if (parse.GetValue(AsJson))
                {
                    Console.WriteLine(Json.Write(snapshot));
                }
                else
                {
                    SubscriberView.Render(snapshot);
                }
                return 0;
            });
        });
        var yes = new Option<bool>("--yes") { Description = "really delete the stored state" };
        var reset = new Command("reset", "Start afresh a subscriber whose stored state cannot be read (its CDRs are dead letters until then).") { msisdn, yes };
        reset.SetAction((parse, cancellationToken) =>
        {
            if (NumberOf(parse, msisdn) is not { } number)
            {
                return Task.FromResult(ExitBadInput);
            }
            if (!parse.GetValue(yes))
            {
                Console.Error.WriteLine($"error: reset deletes the stored state of {number} when it cannot be read: its totals, windows and offer history " +
                    "start afresh. Keep a copy first if it is to be repaired (docs/durable-mode.md), then run again with --yes");
                return Task.FromResult(ExitBadInput);
            }
            return WithClusterAsync(parse, cancellationToken, async client =>
            {
                var result = await client.GetGrain<ISubscriberRepairGrain>(0).ResetAsync(number);
                (result.Reset ? Console.Out : Console.Error).WriteLine(result.Message);
                return result.Reset ? 0 : ExitNotFound;
            });
        });
        return new Command("subscriber", "Query subscribers; load and change their profiles; record their consent; reset one whose stored state cannot be read.")
        {
            show, ProfileCommands.Load(WithClusterAsync), ProfileCommands.Set(WithClusterAsync, msisdn), Consent("opt-out", "The subscriber said STOP: no campaign offers them anything from now on (kept with the subscriber).", msisdn, allowed: false),
            Consent("opt-in", "The subscriber consents to marketing again (a profile without consent still keeps them out).", msisdn, allowed: true),
            reset,
        };
    }

    /// <summary>Who changes campaigns from this console, as their history keeps it.</summary>
    internal static string Who => $"{Environment.UserName}@{Environment.MachineName} (console client)";

    /// <summary>The number argument, or null after saying why it is not one.</summary>
    private static string? NumberOf(ParseResult parse, Argument<string> msisdn)
    {
        var number = parse.GetValue(msisdn)!.Trim();
        if (Msisdn.IsValid(number))
        {
            return number;
        }
        Console.Error.WriteLine($"error: '{number}' is not an E.164 number; accepted: '+' then 8 to 15 digits, e.g. +447700900123");
        return null;
    }

    private static Command Consent(string name, string description, Argument<string> msisdn, bool allowed)
    {
        var command = new Command(name, description) { msisdn };
        command.SetAction((parse, cancellationToken) =>
        {
            if (NumberOf(parse, msisdn) is not { } number)
            {
                return Task.FromResult(ExitBadInput);
            }
            return WithClusterAsync(parse, cancellationToken, async client =>
            {
                var known = allowed
                    ? await client.GetGrain<ISubscriberGrain>(number).SetMarketingAsync(true, DateTime.UtcNow)
                    : await client.GetGrain<Contracts.Responses.IResponseGrain>(0).OptOutAsync(number, DateTime.UtcNow);
                if (!known)
                {
                    Console.Error.WriteLine($"no subscriber {number}: no profile was loaded for it and it has made no call");
                    return ExitNotFound;
                }
                Console.WriteLine(allowed ? $"{number} may be offered again (unless the profile says no marketing)" : $"{number} opted out: no campaign offers them anything");
                return 0;
            });
        });
        return command;
    }

    private static Command StatsCommand()
    {
        var stats = new Command("stats", "Cluster totals: CDRs applied, current rate, resident subscribers, rejected CDRs, offer delivery by channel; the backlog of the CDR stream (durable mode's Redis streams, or a Kafka feed's topic) and dead letters.")
        {
            AsJson,
        };
        stats.SetAction((parse, cancellationToken) => WithClusterAsync(parse, cancellationToken, async client =>
        {
            var cluster = await client.GetGrain<IStatsGrain>(0).GetAsync();
            var deliveries = await client.GetGrain<Contracts.Campaigns.IOfferLogGrain>(0).GetDeliveryCountsAsync(null);
            // Read by the silo the client is connected to, which knows where its stream is (nothing in embedded mode).
            var backlog = await client.GetGrain<IStreamBacklogGrain>(0).ReadAsync();
            if (parse.GetValue(AsJson))
            {
                Console.WriteLine(Json.Write(new { cluster, deliveries, stream = backlog })); // one shape in both modes: stream is null when embedded
            }
            else
            {
                StatsView.Render(cluster);
                CampaignView.RenderDeliveries(deliveries);
                if (backlog is not null)
                {
                    StatsView.Render(backlog);
                }
            }
            return 0;
        }));
        foreach (var command in TrafficCommands.Build(AsJson, WithClusterAsync))
        {
            stats.Subcommands.Add(command);
        }
        return stats;
    }

    private static Command SegmentCommand()
    {
        var rule = new Argument<string>("rule") { Description = "A rule expression over subscribers, e.g. 'TopTag == \"Health\" && EveningShare > 0.5' (no Cdr.*)" };
        var sample = new Option<int>("--sample") { Description = "How many matching numbers to print (default 10)", DefaultValueFactory = _ => 10 };
        var command = new Command("segment", "Count the subscribers a rule holds for, across the cluster (each subscriber grain evaluates it), with a sample.") { rule, sample, AsJson };
        command.SetAction((parse, cancellationToken) => WithClusterAsync(parse, cancellationToken, async client =>
        {
            var result = await client.GetGrain<Contracts.Segments.ISegmentGrain>(0).QueryAsync(parse.GetValue(rule)!, parse.GetValue(sample));
            if (result.Error is { } error)
            {
                Console.Error.WriteLine($"error: the rule is refused: {error}");
                return ExitBadInput;
            }
            if (parse.GetValue(AsJson))
            {
                Console.WriteLine(Json.Write(result));
                return 0;
            }
            var share = result.Considered == 0 ? 0 : result.Matching * 100.0 / result.Considered;
            Console.WriteLine($"{result.Matching:N0} of {result.Considered:N0} subscribers ({share:N1}%)");
            foreach (var msisdn in result.Sample)
            {
                Console.WriteLine($"  {msisdn}");
            }
            return 0;
        }));
        return command;
    }

    private static Command DirectoryCommand()
    {
        var file = new Argument<string>("file") { Description = $"CSV with the header {Domain.Callees.DirectoryCsv.Header}" };
        var country = new Option<string>("--default-country") { Description = "Country of numbers written without a country code (ISO code)", DefaultValueFactory = _ => HomeNetwork.DefaultCountry };
        var load = new Command("load", "Replace the cluster's number directory (called numbers and their categories); silos use it within a second.") { file, country };
        load.SetAction((parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var defaultCountry = parse.GetValue(country)!.Trim().ToUpperInvariant();
            if (!Domain.PhoneNumber.IsKnownCountry(defaultCountry))
            {
                Console.Error.WriteLine($"error: --default-country '{parse.GetValue(country)}' is not a country; accepted: an ISO 3166 alpha-2 code such as GB");
                return Task.FromResult(ExitBadInput);
            }
            var errors = new List<string>();
            Dictionary<string, Contracts.Callees.CalleeCategory> numbers;
            try
            {
                numbers = DataFiles.ReadDirectory(path, defaultCountry, errors);
            }
            catch (Exception ex) when (ex is FileNotFoundException or FormatException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return Task.FromResult(ExitBadInput);
            }
            errors.Take(20).ToList().ForEach(e => Console.Error.WriteLine($"rejected {e}"));
            return WithClusterAsync(parse, cancellationToken, async client =>
            {
                var version = await client.GetGrain<Contracts.Callees.IDirectoryGrain>(0).ReplaceAsync(
                    new Contracts.Callees.DirectorySnapshot(0, numbers, Path.GetFileName(path)));
                Console.WriteLine($"number directory version {version}: {numbers.Count:N0} numbers from {path}" + (errors.Count > 0 ? $", {errors.Count:N0} lines rejected" : ""));
                return 0;
            });
        });
        return new Command("directory", "The number directory that gives called numbers a category.") { load };
    }

    private static IConfiguration ConfigurationOf(ParseResult parse) => ClusterSwitches.Configuration(parse);

    private static Task<int> WithClusterAsync(ParseResult parse, CancellationToken cancellationToken, Func<IClusterClient, Task<int>> work) =>
        ClusterConnection.RunAsync(ConfigurationOf(parse), cancellationToken, work);
}
