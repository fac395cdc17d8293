using Cdr.Orleans.Cluster;
using System.CommandLine;
using Cdr.Orleans.Grains.Hosting;

namespace Cdr.Orleans.Bench;

/// <summary>
/// The bench's command line: the engine's rate (the default command), <c>state-size</c> and <c>propensity</c>.
/// Figures, not a pass/fail: docs/benchmarks.md quotes them.
/// </summary>
public static class BenchCommands
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Cdr.Orleans bench: one silo and the generator in this process, publishing as fast as the engine applies; prints the figures.");
        var defaults = new BenchOptions();
        var subscribers = Positive(new Option<int>("--subscribers") { Description = "Subscribers in the population", DefaultValueFactory = _ => defaults.Subscribers });
        var duration = DurationOption.Create("--duration", $"How long to measure, after the warm-up (default {defaults.Duration.TotalSeconds:0}s)");
        var warmup = DurationOption.Create("--warmup", $"Load before measuring (default {defaults.Warmup.TotalSeconds:0}s)");
        var partitions = Positive(new Option<int>("--partitions") { Description = "CDR stream partitions", DefaultValueFactory = _ => defaults.Partitions });
        var stateWrites = new Option<string?>("--state-writes") { Description = "When subscribers store their state: on-deactivation, every-batch or checkpoint (default: on-deactivation embedded, checkpoint with --redis)" };
        var maxBacklog = Positive(new Option<long>("--max-backlog") { Description = "CDRs published and not yet applied before the generator waits", DefaultValueFactory = _ => defaults.MaxBacklog });
        var campaigns = Between(new Option<int>("--campaigns") { Description = "Active campaigns every subscriber evaluates (0 to 1000)" }, 0, 1000);
        var propensity = new Option<double?>("--propensity") { Description = "The campaigns target by propensity, with this minimum score (0 to 1; needs --campaigns)" };
        var trainDuring = new Option<int>("--train-during") { Description = "Train a propensity model on this many examples (at least 1000) while the rate is measured" };
        var consoleTabs = Between(new Option<int>("--console-tabs") { Description = "Web console live feeds running beside the engine, as open pages (1 to 1000)" }, 0, 1000);
        var rate = new Option<double>("--rate") { Description = "CDRs per second; 0 = as fast as the engine applies" };
        var redis = new Option<string?>("--redis") { Description = "Durable mode: state and the CDR stream in this Redis (host:port[,options])" };
        var kafka = new Option<string?>("--kafka") { Description = "CDRs through this Kafka (host:port[,...]) or through librdkafka's mock brokers in this process ('mock'), on a topic of its own (four partitions on the mock)" };
        var segment = new Option<string?>("--segment") { Description = "After the run: time a segment query with this rule, all subscribers resident and none" };
        var sample = DurationOption.Create("--sample", "Print the rate, RSS, GC heap and Redis memory this often");
        var soak = DurationOption.Create("--soak", "A soak: --duration this long and --sample 1m");
        var coldLoad = new Option<bool>("--cold-load") { Description = "Load profiles as an operator does: each subscriber leaves memory once stored, and its first CDR brings it back (default: all stay resident)" };
        var policy = new Option<bool>("--policy") { Description = "A contact policy above the campaigns: 3 offers a day, 10 a week, quiet hours 22:00-08:00, 5% global control (needs --campaigns)" };
        var events = new Option<bool>("--events") { Description = "The operator's events in the stream with the CDRs, as the generator makes them (top-ups, balances, bundles, trips, device changes)" };
        var deliver = new Option<bool>("--deliver") { Description = "Send every offer channel to a signed-webhook receiver in the bench; prints CDR published -> offer received p50/p99 (needs --campaigns)" };
        var metrics = new Option<bool>("--metrics") { Description = "Metrics on, as in a silo: every meter listened to and collected every 15 s, as Prometheus scrapes (default: no listener)" };
        var history = new Option<bool>("--history") { Description = "Write history (Parquet) as a silo does; afterwards print its size per 1M CDRs and the shipped queries' times over a day of it" };
        var probe = new Option<bool>("--probe") { Description = "First a bare-Orleans probe over the same population (one grain call per CDR, an empty fold); prints the engine's share of it" };
        var run = new Command("run", "The engine's sustained rate, lag, CPU, GC and memory (the default command).")
        {
            subscribers, duration, warmup, partitions, stateWrites, maxBacklog, campaigns, propensity, trainDuring, consoleTabs, rate, redis, kafka, segment, sample, soak, probe, coldLoad, policy, events, deliver, metrics, history,
        };
        run.SetAction(async (parse, _) =>
        {
            StateWriteMode? writes = null;
            if (parse.GetValue(stateWrites) is { } text)
            {
                if (!Enum.TryParse<StateWriteMode>(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                {
                    return Refuse($"--state-writes '{text}' is not accepted; give on-deactivation, every-batch or checkpoint");
                }
                writes = parsed;
            }
            if (parse.GetValue(propensity) is { } min && min is < 0 or > 1)
            {
                return Refuse($"--propensity {min} is not accepted; give a score from 0 to 1");
            }
            if (parse.GetValue(trainDuring) is > 0 and < 1_000)
            {
                return Refuse("--train-during needs at least 1000 examples");
            }
            if (parse.GetValue(rate) < 0)
            {
                return Refuse("--rate must be 0 (as fast as the engine applies) or more");
            }
            var soakFor = parse.GetValue(soak);
            var options = new BenchOptions
            {
                Subscribers = parse.GetValue(subscribers),
                Duration = soakFor ?? parse.GetValue(duration) ?? defaults.Duration,
                Warmup = parse.GetValue(warmup) ?? defaults.Warmup,
                Partitions = parse.GetValue(partitions),
                StateWrites = writes,
                MaxBacklog = parse.GetValue(maxBacklog),
                Campaigns = parse.GetValue(campaigns),
                Propensity = parse.GetValue(propensity),
                TrainDuring = parse.GetValue(trainDuring),
                ConsoleTabs = parse.GetValue(consoleTabs),
                Rate = parse.GetValue(rate),
                Redis = parse.GetValue(redis),
                Kafka = parse.GetValue(kafka),
                Segment = parse.GetValue(segment),
                Probe = parse.GetValue(probe),
                ColdLoad = parse.GetValue(coldLoad),
                Policy = parse.GetValue(policy),
                Events = parse.GetValue(events),
                Deliver = parse.GetValue(deliver),
                Metrics = parse.GetValue(metrics),
                History = parse.GetValue(history),
                Sample = soakFor is null ? parse.GetValue(sample) : TimeSpan.FromMinutes(1),
            };
            return options.Validate() is { } error ? Refuse(error) : await BenchCommand.RunAsync(options);
        });
        root.Subcommands.Add(run);
        foreach (var option in run.Options)
        {
            root.Options.Add(option);
        }
        root.Action = run.Action;
        root.Subcommands.Add(StateSize());
        root.Subcommands.Add(Propensity());
        return root;
    }

    private static Command StateSize()
    {
        var subscribers = new Argument<int>("subscribers") { Description = "Subscribers in the population", DefaultValueFactory = _ => 1_000 };
        var perDay = new Argument<double>("cdrs-per-day") { Description = "CDRs a subscriber makes per simulated day", DefaultValueFactory = _ => 40 };
        var command = new Command("state-size", "Stored bytes per subscriber after a simulated day and year (the domain alone, no cluster).") { subscribers, perDay };
        command.SetAction(parse => parse.GetValue(subscribers) < 1 || parse.GetValue(perDay) <= 0
            ? Refuse("state-size needs at least 1 subscriber and more than 0 CDRs per day")
            : StateSizeCommand.Run(parse.GetValue(subscribers), parse.GetValue(perDay)));
        return command;
    }

    private static Command Propensity()
    {
        var subscribers = new Argument<int>("subscribers") { Description = "Subscribers in the population", DefaultValueFactory = _ => 20_000 };
        var examples = new Argument<int>("examples") { Description = "Training examples to make (at least 500)", DefaultValueFactory = _ => 100_000 };
        var offer = new Argument<string>("offer") { Description = "The offer code whose responses are drawn", DefaultValueFactory = _ => "NIGHT5" };
        var command = new Command("propensity", "Training time, AUC against the true probabilities, uplift over random, scoring cost.") { subscribers, examples, offer };
        command.SetAction(parse => parse.GetValue(subscribers) < 1 || parse.GetValue(examples) < 500
            ? Refuse("propensity needs at least 1 subscriber and 500 examples")
            : PropensityBenchCommand.Run(parse.GetValue(subscribers), parse.GetValue(examples), parse.GetValue(offer)!));
        return command;
    }

    private static int Refuse(string error)
    {
        Console.Error.WriteLine($"error: {error}");
        return ClusterConnection.ExitBadInput;
    }

    private static Option<T> Positive<T>(Option<T> option) where T : System.Numerics.INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>() <= T.Zero)
            {
                result.AddError($"{option.Name} must be at least 1");
            }
        });
        return option;
    }

    private static Option<int> Between(Option<int> option, int min, int max)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is var value && (value < min || value > max))
            {
                result.AddError($"{option.Name} {value} is not accepted; give {min} to {max}");
            }
        });
        return option;
    }
}
