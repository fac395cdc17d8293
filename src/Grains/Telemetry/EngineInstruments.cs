using System.Diagnostics.Metrics;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Campaigns;
using Microsoft.Extensions.DependencyInjection;

namespace Cdr.Orleans.Grains.Telemetry;

/// <summary>
/// The engine's metrics: one <see cref="Meter"/> (<see cref="MeterName"/>) and every instrument on it, named after
/// OpenTelemetry's conventions (dotted lower-case names under <c>cdr.</c>, UCUM units, <c>cdr.*</c> attributes).
/// Most are observable: they read, when a collector asks, the totals this silo already keeps for <c>stats</c>
/// (<see cref="Stats.EngineCounters"/>, <see cref="Campaigns.CampaignCounters"/>, the catalogs), so the CDR path pays
/// nothing for them. Three are recorded as they happen: the publish-to-applied lag of each batch, each delivery status
/// and each propensity score. docs/metrics.md lists them with their Prometheus names.
/// </summary>
public sealed class EngineInstruments
{
    public const string MeterName = "Cdr.Orleans.Engine";

    /// <summary>Upper bounds of the lag histogram's buckets, in seconds: 5 ms to 2 minutes.</summary>
    public static readonly double[] LagBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    /// <summary>Upper bounds of the propensity score histogram's buckets: tenths.</summary>
    public static readonly double[] ScoreBuckets = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

    private static readonly string[] Outcomes = [.. Enum.GetValues<CampaignCounter>().Select(c => Domain.Text.SnakeCase.Of(c.ToString()))];
    private static readonly string[] DeliveryStatuses = [.. Enum.GetValues<DeliveryStatus>().Select(s => Domain.Text.SnakeCase.Of(s.ToString()))];
    private static readonly string[] CampaignStatuses = [.. Enum.GetValues<CampaignStatus>().Select(s => Domain.Text.SnakeCase.Of(s.ToString()))];

    private readonly Histogram<double> lag;
    private readonly Counter<long> deliveries;
    private readonly Histogram<double> scores;
    private readonly Dictionary<int, (long Pending, long Unread)> backlog = [];
    private readonly Lock gate = new();
    private int queues;

    /// <summary>
    /// The services the observable instruments read are looked up when first observed, not here: they take this
    /// class themselves (to record what happens), so they cannot be given to it.
    /// </summary>
    public EngineInstruments(IMeterFactory meters, IServiceProvider services)
    {
        var meter = meters.Create(MeterName);
        var counters = new Lazy<Stats.EngineCounters>(services.GetRequiredService<Stats.EngineCounters>);
        var campaigns = new Lazy<Campaigns.CampaignCounters>(services.GetRequiredService<Campaigns.CampaignCounters>);
        var catalog = new Lazy<Campaigns.CampaignCatalog>(services.GetRequiredService<Campaigns.CampaignCatalog>);
        var models = new Lazy<Propensity.ModelCatalog>(services.GetRequiredService<Propensity.ModelCatalog>);

        meter.CreateObservableCounter("cdr.records.applied", () => counters.Value.CdrsApplied, "{record}",
            "CDRs and operator events applied to their subscriber, each once");
        meter.CreateObservableCounter("cdr.records.rejected", () => counters.Value.RejectedTotals().Select(r => Measure(r.Value, "cdr.reason", r.Key)),
            "{record}", "Records refused, by reason (cdr.reason), duplicates among them");
        meter.CreateObservableCounter("cdr.records.duplicates",
            () => counters.Value.RejectedTotals().Where(r => r.Key == Domain.CdrIntake.Duplicate).Sum(r => r.Value), "{record}",
            "Records their subscriber had applied already (also counted as rejected with cdr.reason=duplicate)");
        meter.CreateObservableCounter("cdr.records.noted", () => counters.Value.NoteTotals().Select(n => Measure(n.Value, "cdr.note", n.Key)),
            "{record}", "Records applied with a remark, by code (cdr.note)");
        meter.CreateObservableCounter("cdr.dead_letters", () => counters.Value.DeadLetteredTotal, "{record}",
            "Records set aside because they could not be applied");
        lag = meter.CreateHistogram("cdr.records.lag", "s", "From a batch's publication to its last record applied",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
        meter.CreateObservableCounter("cdr.partition.checkpoints", () => new[]
        {
            Measure(counters.Value.Checkpoints, "cdr.outcome", "stored"), Measure(counters.Value.CheckpointsFailed, "cdr.outcome", "failed"),
        }, "{checkpoint}", "Partition checkpoints: subscribers stored what they were given and the entries were acknowledged (stored), or not (failed)");
        meter.CreateObservableGauge("cdr.stream.backlog", ObserveBacklog, "{batch}",
            "Batches in a partition's stream, not yet read (cdr.backlog=unread) or read and not yet acknowledged (pending); durable mode");
        meter.CreateObservableGauge("cdr.stream.queues", () => Volatile.Read(ref queues), "{queue}",
            "Queues of the CDR stream (a Redis stream per partition in durable mode); each needs a pulling agent on some silo");
        meter.CreateObservableUpDownCounter("cdr.subscribers.resident", () => counters.Value.ResidentSubscribers, "{subscriber}",
            "Subscriber grains in this silo's memory");
        meter.CreateObservableCounter("cdr.subscribers.activations", () => counters.Value.SubscriberActivations, "{activation}",
            "Subscriber grains activated (each a state read in durable mode)");
        meter.CreateObservableCounter("cdr.subscribers.cold_records", () => counters.Value.ColdCdrs, "{record}",
            "Records that waited for their subscriber's activation");
        meter.CreateObservableCounter("cdr.campaign.evaluations",
            () => campaigns.Value.All.Select(c => Measure(c.Value.Counts()[(int)CampaignCounter.Evaluated], "cdr.campaign", c.Key)),
            "{evaluation}", "Campaign rules evaluated on a record, by campaign");
        meter.CreateObservableCounter("cdr.campaign.decisions", () => ObserveDecisions(campaigns.Value), "{decision}",
            "What each campaign decided, by campaign and outcome (cdr.outcome: eligible, triggered, sent, held_out, capped, ...)");
        meter.CreateObservableUpDownCounter("cdr.campaigns", () => ObserveStatuses(catalog.Value), "{campaign}",
            "Campaigns in the registry by status (cdr.status: active, paused, stopped, quarantined)");
        deliveries = meter.CreateCounter<long>("cdr.offer.deliveries", "{status}",
            "Offer delivery statuses reported, by channel and status (cdr.status: queued, delivered, retrying, failed, expired)");
        meter.CreateObservableGauge("cdr.propensity.model.version",
            () => models.Value.Versions.Select(m => Measure((long)m.Version, "cdr.campaign", m.CampaignId)), "{version}",
            "The model version each campaign is scored with on this silo");
        scores = meter.CreateHistogram<double>("cdr.propensity.score", null, "Propensity scores given, by campaign",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ScoreBuckets });
    }

    public void RecordLag(TimeSpan value) => lag.Record(Math.Max(0, value.TotalSeconds));

    /// <summary>A delivery status; <paramref name="route"/> is the route's name, the offer channel first ("sms webhook https://..."), and only that channel is kept.</summary>
    public void RecordDelivery(string route, DeliveryStatus status)
    {
        var space = route.IndexOf(' ', StringComparison.Ordinal);
        deliveries.Add(1, Tag("cdr.channel", space < 0 ? route : route[..space]), Tag("cdr.status", DeliveryStatuses[(int)status]));
    }

    public void RecordScore(string campaignId, double score) => scores.Record(score, new KeyValuePair<string, object?>("cdr.campaign", campaignId));

    /// <summary>The stream's queues and, in durable mode, each one's backlog as last read from Redis.</summary>
    public void SetStream(int queueCount, IEnumerable<(int Partition, long Pending, long Unread)>? backlogs)
    {
        Volatile.Write(ref queues, queueCount);
        lock (gate)
        {
            backlog.Clear();
            foreach (var (partition, pending, unread) in backlogs ?? [])
            {
                backlog[partition] = (pending, unread);
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveBacklog()
    {
        lock (gate)
        {
            return [.. backlog.SelectMany(b => new[]
            {
                new Measurement<long>(b.Value.Unread, Tag("cdr.partition", b.Key), Tag("cdr.backlog", "unread")),
                new Measurement<long>(b.Value.Pending, Tag("cdr.partition", b.Key), Tag("cdr.backlog", "pending")),
            })];
        }
    }

    private static IEnumerable<Measurement<long>> ObserveDecisions(Campaigns.CampaignCounters campaigns)
    {
        foreach (var (id, tally) in campaigns.All)
        {
            var counts = tally.Counts();
            for (var outcome = (int)CampaignCounter.Eligible; outcome < Outcomes.Length; outcome++)
            {
                yield return new Measurement<long>(counts[outcome], Tag("cdr.campaign", id), Tag("cdr.outcome", Outcomes[outcome]));
            }
        }
    }

    private static IEnumerable<Measurement<int>> ObserveStatuses(Campaigns.CampaignCatalog catalog)
    {
        var statuses = catalog.Statuses;
        // Every status, zero included, so that an alert on "quarantined > 0" has a series to read before the first one.
        return Enum.GetValues<CampaignStatus>().Select(s => new Measurement<int>(statuses.GetValueOrDefault(s), Tag("cdr.status", CampaignStatuses[(int)s])));
    }

    private static Measurement<long> Measure(long value, string key, object? tag) => new(value, Tag(key, tag));

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
