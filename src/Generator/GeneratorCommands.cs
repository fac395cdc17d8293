using Cdr.Orleans.Cluster;
using System.CommandLine;
using System.Globalization;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Domain.Files;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Generator.Running;
using Cdr.Orleans.Generator.Synthesis;
using Cdr.Orleans.Infrastructure.Files;
using Cdr.Orleans.Infrastructure.Hosting;

namespace Cdr.Orleans.Generator;

/// <summary>The generator's command line: <c>run</c> (synthetic load, the default) and <c>replay FILE</c>.</summary>
public static class GeneratorCommands
{
    private const int ExitBadInput = ClusterConnection.ExitBadInput;

    private static readonly Option<int> Partitions = new("--partitions")
    {
        Description = "CDR stream partitions",
        DefaultValueFactory = _ => new CdrStreamOptions().Partitions,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("Cdr.Orleans generator: synthetic subscribers and CDRs, or a CDR file, published to the engine.");
        var run = RunCommand();
        root.Subcommands.Add(run);
        root.Subcommands.Add(ReplayCommand());
        foreach (var option in run.Options)
        {
            root.Options.Add(option);
        }
        root.Action = run.Action;
        return root;
    }

    private static Command RunCommand()
    {
        var subscribers = new Option<int>("--subscribers") { Description = "Subscribers in the population", DefaultValueFactory = _ => 10_000 };
        var rate = new Option<double>("--rate") { Description = "Target CDRs per second; 0 = as fast as the engine takes", DefaultValueFactory = _ => 1_000 };
        var count = new Option<long?>("--count") { Description = "Stop after this many CDRs" };
        var duration = DurationOption.Create("--duration", "Stop after this long");
        var seed = new Option<int>("--seed") { Description = "Same seed (and --start), same subscribers and CDRs", DefaultValueFactory = _ => 42 };
        var start = new Option<DateTime?>("--start") { Description = "Simulated start, UTC (default: so that the run ends now)" };
        var speed = new Option<double?>("--speed") { Description = "Simulated seconds per wall second (default: from --cdrs-per-day)" };
        var perDay = new Option<double>("--cdrs-per-day") { Description = "Average CDRs a subscriber makes per simulated day", DefaultValueFactory = _ => 20 };
        var output = new Option<string?>("--out") { Description = "Also write every CDR to this CSV file" };
        var noProfiles = new Option<bool>("--no-profiles") { Description = "Do not load subscriber profiles into the engine first" };
        var offline = new Option<bool>("--offline") { Description = "Only write --out; no cluster needed" };
        var respond = new Option<bool>("--respond") { Description = "Answer the offers the population receives, by persona (simulated acceptance)" };
        var skew = new Option<string?>("--skew-category") { Description = "Give this callee category (Travel, Clinic...) half of the calls to listed numbers" };
        var noEvents = new Option<bool>("--no-events") { Description = "CDRs only: no top-ups, balances, bundles, roaming registrations or device changes" };

        var command = new Command("run", "Generate subscribers and CDRs and publish them (the default command).")
        {
            subscribers, rate, count, duration, seed, start, speed, perDay, output, noProfiles, offline, respond, skew, noEvents, ClusterSwitches.Gateway, ClusterSwitches.Redis, ClusterSwitches.RedisCa, ClusterSwitches.RedisPasswordFile, Partitions,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            Contracts.Callees.CalleeCategory? skewCategory = null;
            if (parse.GetValue(skew) is { } skewName)
            {
                if (!Domain.Callees.CalleeCategories.TryParse(skewName, out var parsed) || parsed == Contracts.Callees.CalleeCategory.Private)
                {
                    Console.Error.WriteLine($"error: --skew-category '{skewName}' is not a listed category; accepted: {string.Join(", ", BusinessDirectory.Weights.Select(w => w.Category))}");
                    return ExitBadInput;
                }
                skewCategory = parsed;
            }
            var settings = new LoadSettings
            {
                Subscribers = parse.GetValue(subscribers),
                Rate = parse.GetValue(rate),
                Count = parse.GetValue(count),
                Duration = parse.GetValue(duration),
                Seed = parse.GetValue(seed),
                Start = parse.GetValue(start) is { } s ? s.ToUniversalTime() : null,
                Speed = parse.GetValue(speed),
                CdrsPerDay = parse.GetValue(perDay),
                OutPath = parse.GetValue(output),
                LoadProfiles = !parse.GetValue(noProfiles),
                SkewCategory = skewCategory,
                Events = !parse.GetValue(noEvents),
            };
            var isOffline = parse.GetValue(offline);
            if (settings.Validate() is { } error || isOffline && settings.OutPath is null && (error = "--offline needs --out FILE.csv") is not null)
            {
                Console.Error.WriteLine($"error: {error}");
                return ExitBadInput;
            }
            if (isOffline && settings.Count is null && settings.Duration is null)
            {
                Console.Error.WriteLine("error: --offline needs --count or --duration, or it would write forever");
                return ExitBadInput;
            }
            return isOffline
                ? await RunOfflineAsync(settings, cancellationToken)
                : await WithClusterAsync(parse, cancellationToken, (client, streams) => RunAsync(client, streams, settings, parse.GetValue(respond), cancellationToken));
        });
        return command;
    }

    private static Command ReplayCommand()
    {
        var file = new Argument<string>("file") { Description = "CDR file: the engine's CSV or an older system's layout (see docs/file-formats.md)" };
        var rate = new Option<double>("--rate") { Description = "CDRs per second; 0 = as fast as the engine takes", DefaultValueFactory = _ => 0 };
        var subscribers = new Option<string?>("--subscribers") { Description = "Load these subscriber profiles first (the generator writes FILE.subscribers.csv beside FILE.csv)" };
        var format = new Option<string?>("--format") { Description = $"File layout: {CdrFileFormats.Names} (default: detected from the first line)" };
        var country = new Option<string>("--default-country") { Description = "Country of numbers written without a country code (ISO code)", DefaultValueFactory = _ => HomeNetwork.DefaultCountry };
        var command = new Command("replay", "Publish the CDRs of a file (the engine's CSV, or the pipe and calls layouts of older systems); bad lines are reported and skipped.")
        {
            file, rate, subscribers, format, country, ClusterSwitches.Gateway, ClusterSwitches.Redis, ClusterSwitches.RedisCa, ClusterSwitches.RedisPasswordFile, Partitions,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"error: {path}: no such file; give the path of a CDR CSV file");
                return ExitBadInput;
            }
            CdrFileFormat? layout = null;
            if (parse.GetValue(format) is { } formatName)
            {
                if (!CdrFileFormats.TryParseName(formatName, out var named))
                {
                    Console.Error.WriteLine($"error: --format '{formatName}' is not a CDR file layout; accepted: {CdrFileFormats.Names}");
                    return ExitBadInput;
                }
                layout = named;
            }
            var defaultCountry = parse.GetValue(country)!.Trim().ToUpperInvariant();
            if (!Domain.PhoneNumber.IsKnownCountry(defaultCountry))
            {
                Console.Error.WriteLine($"error: --default-country '{parse.GetValue(country)}' is not a country; accepted: an ISO 3166 alpha-2 code such as GB, FR, US");
                return ExitBadInput;
            }
            var profilePath = parse.GetValue(subscribers);
            if (profilePath is not null && !File.Exists(profilePath))
            {
                Console.Error.WriteLine($"error: --subscribers {profilePath}: no such file; give a profile CSV with the header {ProfileCsv.Header}");
                return ExitBadInput;
            }
            return await WithClusterAsync(parse, cancellationToken, async (client, streams) =>
            {
                if (profilePath is not null)
                {
                    var errors = new List<string>();
                    try
                    {
                        var loaded = await ProfileLoader.LoadAsync(client, DataFiles.ReadProfiles(profilePath, errors), null, cancellationToken);
                        Console.WriteLine($"loaded {loaded:N0} subscriber profiles from {profilePath}");
                    }
                    catch (FormatException ex)
                    {
                        Console.Error.WriteLine($"error: {ex.Message}");
                        return ExitBadInput;
                    }
                    errors.Take(ReplayRunner.ErrorsKept).ToList().ForEach(e => Console.Error.WriteLine($"rejected {e}"));
                    if (errors.Count > 0)
                    {
                        Console.Error.WriteLine($"{errors.Count:N0} profile lines rejected");
                    }
                }
                var publisher = new CdrPublisher(client.GetStreamProvider(CdrStreamOptions.ProviderName), streams);
                ReplaySummary summary;
                try
                {
                    summary = await new ReplayRunner(publisher, layout, defaultCountry).RunAsync(path, parse.GetValue(rate),
                        p => Console.WriteLine(p), e => Console.Error.WriteLine($"rejected {e}"), cancellationToken);
                }
                catch (FormatException ex)
                {
                    Console.Error.WriteLine($"error: {ex.Message}");
                    return ExitBadInput;
                }
                var rejected = summary.Rejected.Values.Sum();
                if (rejected > 0)
                {
                    await client.GetGrain<IStatsGrain>(0).ReportAsync(new StatsReport(
                        $"replay:{Path.GetFileName(path)}", DateTime.UtcNow, 0, summary.Rejected, null, null));
                }
                Console.WriteLine($"replayed {path}: {summary.Lines:N0} lines, {summary.Published:N0} CDRs published, {rejected:N0} rejected" +
                    (rejected > 0 ? $" ({string.Join(", ", summary.Rejected.Select(r => $"{r.Key} {r.Value:N0}"))})" : ""));
                return 0;
            });
        });
        return command;
    }

    private static async Task<int> RunAsync(IClusterClient client, CdrStreamOptions streams, LoadSettings settings, bool respond, CancellationToken cancellationToken)
    {
        var population = CreatePopulation(settings);
        if (settings.LoadProfiles)
        {
            Console.WriteLine($"loading {population.Count:N0} subscriber profiles");
            await ProfileLoader.LoadAsync(client, population.Profiles(), n => Console.WriteLine($"  {n:N0} profiles loaded"), cancellationToken);
            var version = await BusinessDirectory.Create(settings.Seed, settings.SkewCategory).LoadAsync(client, $"generator seed {settings.Seed}");
            Console.WriteLine($"loaded the number directory (listed numbers the simulated subscribers call), version {version}");
        }
        var publisher = new CdrPublisher(client.GetStreamProvider(CdrStreamOptions.ProviderName), streams);
        if (!respond)
        {
            return await GenerateAsync(population, settings, publisher, cancellationToken);
        }
        var responder = new OfferResponder(client, population, settings.Seed);
        using var stopResponding = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var responding = responder.RunAsync(stopResponding.Token);
        var exit = await GenerateAsync(population, settings, publisher, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None); // the offers of the last CDRs
        await stopResponding.CancelAsync();
        await responding;
        Console.WriteLine($"responses: {responder.Accepted:N0} accepted, {responder.Declined:N0} declined, " +
            $"{responder.ControlConverted:N0} control-group subscribers converted without an offer");
        return exit;
    }

    private static Task<int> RunOfflineAsync(LoadSettings settings, CancellationToken cancellationToken) =>
        GenerateAsync(CreatePopulation(settings), settings, new OfflineSink(), cancellationToken);

    private static Population CreatePopulation(LoadSettings settings)
    {
        Console.WriteLine($"creating {settings.Subscribers:N0} subscribers (seed {settings.Seed})");
        return Population.Create(settings.Subscribers, settings.Seed, DateOnly.FromDateTime(settings.StartFor(DateTime.UtcNow)));
    }

    private static async Task<int> GenerateAsync(Population population, LoadSettings settings, ICdrSink sink, CancellationToken cancellationToken)
    {
        var directory = BusinessDirectory.Create(settings.Seed, settings.SkewCategory);
        if (settings.OutPath is { } outPath)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
            var profilePath = ProfileCsv.PathFor(outPath);
            await using var profiles = new StreamWriter(profilePath);
            await profiles.WriteLineAsync(ProfileCsv.Header);
            foreach (var profile in population.Profiles())
            {
                await profiles.WriteLineAsync(ProfileCsv.Format(profile));
            }
            Console.WriteLine($"wrote {population.Count:N0} subscriber profiles to {profilePath}");
            var directoryPath = BusinessDirectory.PathFor(outPath);
            await File.WriteAllLinesAsync(directoryPath,
                [Domain.Callees.DirectoryCsv.Header, .. directory.Entries().Select(e => Domain.Callees.DirectoryCsv.Format(e.Number, e.Category))], cancellationToken);
            Console.WriteLine($"wrote the number directory it uses to {directoryPath}");
        }
        var start = settings.StartFor(DateTime.UtcNow);
        var synthesizer = new CdrSynthesizer(population, settings.Seed, start, settings.Intensity, directory,
            settings.Events ? new AccountSimulator(population, settings.Seed) : null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generating from {start:yyyy-MM-dd HH:mm:ss}Z at {(settings.Rate > 0 ? $"{settings.Rate:N0}/s" : "full speed")}, " +
            $"{settings.Intensity:N1} CDRs per simulated second{(settings.Events ? " with the operator's events" : "")}{(settings.OutPath is { } o ? $", writing {o}" : "")}"));
        var final = await new LoadRunner(sink, paced: sink is not OfflineSink).RunAsync(synthesizer, settings, p => Console.WriteLine(p), cancellationToken, Console.WriteLine);
        Console.WriteLine($"done: {final.Published:N0} CDRs in {final.Elapsed.TotalSeconds:N1} s ({final.CurrentRate:N0}/s), " +
            $"simulated up to {final.SimulatedTime:yyyy-MM-dd HH:mm:ss}Z");
        return 0;
    }

    private static async Task<int> WithClusterAsync(
        ParseResult parse, CancellationToken cancellationToken, Func<IClusterClient, CdrStreamOptions, Task<int>> work)
    {
        var configuration = ClusterSwitches.Configuration(parse,
            ($"{CdrStreamOptions.SectionName}:Partitions", parse.GetValue(Partitions).ToString(CultureInfo.InvariantCulture)));
        CdrStreamOptions streams;
        try
        {
            streams = configuration.ReadSettings<CdrStreamOptions>(CdrStreamOptions.SectionName, o => o.Validate());
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitBadInput;
        }
        return await ClusterConnection.RunAsync(configuration, cancellationToken, client => work(client, streams));
    }
}
