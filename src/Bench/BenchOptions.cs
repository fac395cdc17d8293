using Cdr.Orleans.Cluster;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Grains.Hosting;

namespace Cdr.Orleans.Bench;

/// <summary>What a <c>bench</c> run measures; filled from the command line by <see cref="BenchCommands"/>.</summary>
public sealed class BenchOptions
{
    public int Subscribers { get; init; } = 100_000;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(10);
    public int Partitions { get; init; } = new CdrStreamOptions().Partitions;

    /// <summary>Null: the mode's default (<see cref="EffectiveStateWrites"/>).</summary>
    public StateWriteMode? StateWrites { get; init; }
    public long MaxBacklog { get; init; } = 200_000;
    public int Campaigns { get; init; }
    public double Rate { get; init; }
    public string? Redis { get; init; }

    /// <summary>CDRs through this Kafka (host:port[,...]) instead of the engine's own stream; "mock": librdkafka's mock brokers in this process.</summary>
    public string? Kafka { get; init; }
    public string? Segment { get; init; }
    public TimeSpan? Sample { get; init; }
    public double? Propensity { get; init; }
    public int TrainDuring { get; init; }
    public int ConsoleTabs { get; init; }

    /// <summary>Load the profiles as an operator does (each subscriber leaves memory once stored) instead of keeping every one resident.</summary>
    public bool ColdLoad { get; init; }

    /// <summary>Apply <see cref="BenchCampaigns.Policy"/> above the campaigns.</summary>
    public bool Policy { get; init; }

    /// <summary>The operator's events (top-ups, balances, bundles, roaming registrations, device changes) in the stream with the CDRs.</summary>
    public bool Events { get; init; }

    /// <summary>Send every offer channel to a webhook receiver in the bench and time offers from CDR to receiver (<see cref="BenchReceiver"/>).</summary>
    public bool Deliver { get; init; }

    /// <summary>Export the silo's metrics as a silo does (its meters, Orleans', the runtime's), collected every 15 s as a Prometheus scrape would.</summary>
    public bool Metrics { get; init; }

    /// <summary>Write history (Parquet) as a silo does, into a temporary folder; after the run print its size and the shipped queries' times over a day of it.</summary>
    public bool History { get; init; }

    /// <summary>Run the bare-Orleans probe first and print the engine's share of it.</summary>
    public bool Probe { get; init; }

    /// <summary>Durable mode's default is checkpoints; embedded mode's is the engine's default.</summary>
    public StateWriteMode EffectiveStateWrites => StateWrites ?? (Redis is null ? new EngineOptions().StateWrites : StateWriteMode.Checkpoint);

    /// <summary>Null when the options go together, otherwise what is wrong.</summary>
    public string? Validate()
    {
        if (Deliver && Campaigns == 0)
        {
            return "--deliver times the offers of the bench's campaigns; give --campaigns N too";
        }
        if (Policy && Campaigns == 0)
        {
            return "--policy applies above the bench's campaigns; give --campaigns N too";
        }
        if (Propensity is not null && Campaigns == 0)
        {
            return "--propensity MIN targets the bench's campaigns; give --campaigns N too";
        }
        if (Segment is not null && Domain.Rules.SegmentRule.Compile(Segment, out var refused) is null)
        {
            return $"--segment '{Segment}' is refused: {refused}";
        }
        if (Kafka is not null and not "mock" && Infrastructure.Kafka.KafkaSettings.ValidateBrokers(Kafka, "--kafka") is { } kafka)
        {
            return $"{kafka}, or 'mock' for librdkafka's mock brokers";
        }
        return Redis is not null && new CdrClusterOptions { Redis = Redis }.ValidateRedis() is { } redis ? redis : null;
    }
}
