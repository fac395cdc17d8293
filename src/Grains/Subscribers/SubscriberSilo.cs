using Cdr.Orleans.Domain;
using Cdr.Orleans.Domain.Rules;
using Cdr.Orleans.Grains.Callees;
using Cdr.Orleans.Grains.Campaigns;
using Cdr.Orleans.Contracts.Segments;
using Cdr.Orleans.Grains.Stats;
using Cdr.Orleans.Grains.Traffic;

namespace Cdr.Orleans.Grains.Subscribers;

/// <summary>
/// What every subscriber grain needs from its silo, in one singleton: the grain's constructor stays short, and each of
/// a million activations holds one reference instead of eleven.
/// </summary>
public sealed class SubscriberSilo(
    EngineCounters counters,
    HomeNetwork network,
    StateWritePolicy writes,
    CampaignCatalog campaigns,
    CampaignDecider decider,
    OfferOutbox outbox,
    TrafficRecorder traffic,
    NumberDirectory directory,
    ISubscriberRoster roster,
    DeadLetterOutbox deadLetters,
    Propensity.ExampleOutbox examples,
    Propensity.ModelCatalog models,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<Hosting.EngineOptions> engine,
    [Microsoft.Extensions.DependencyInjection.FromKeyedServices(Contracts.StorageNames.Subscribers)] global::Orleans.Storage.IGrainStorage storage)
{
    /// <summary>The subscribers' grain storage (<see cref="Contracts.StorageNames.Subscribers"/>), which each grain reads and writes its state through.</summary>
    public global::Orleans.Storage.IGrainStorage Storage => storage;

    /// <summary>How many CDR ids each subscriber remembers to drop repeats (<see cref="Hosting.EngineOptions.DuplicateWindow"/>).</summary>
    public int DuplicateWindow { get; } = engine.Value.DuplicateWindow;

    public Propensity.ModelCatalog Models => models;

    public EngineCounters Counters => counters;

    public HomeNetwork Network => network;

    public StateWritePolicy Writes => writes;

    public CampaignCatalog Campaigns => campaigns;

    public CampaignDecider Decider => decider;

    public OfferOutbox Outbox => outbox;

    public TrafficRecorder Traffic => traffic;

    public NumberDirectory Directory => directory;

    public ISubscriberRoster Roster => roster;

    public DeadLetterOutbox DeadLetters => deadLetters;

    public Propensity.ExampleOutbox Examples => examples;

    public TimeProvider Time => time;

    /// <summary>Segment rules compiled once per silo.</summary>
    public SegmentRuleCache Segments { get; } = new();
}
