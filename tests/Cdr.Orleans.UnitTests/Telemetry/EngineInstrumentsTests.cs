using System.Diagnostics.Metrics;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Campaigns;
using Cdr.Orleans.Grains.Campaigns;
using Cdr.Orleans.Grains.Propensity;
using Cdr.Orleans.Grains.Stats;
using Cdr.Orleans.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdr.Orleans.Tests.Telemetry;

/// <summary>
/// The engine's instruments read what the silo counts for <c>stats</c>: each count under its attributes, as a
/// listener (the Prometheus exporter's, here a <see cref="MeterListener"/>) collects them.
/// </summary>
public sealed class EngineInstrumentsTests : IDisposable
{
    private readonly ServiceProvider services;
    private readonly MeterListener listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> measured = [];

    public EngineInstrumentsTests()
    {
        services = new ServiceCollection()
            .AddMetrics()
            .AddSingleton<EngineInstruments>()
            .AddSingleton<EngineCounters>()
            .AddSingleton<CampaignCounters>()
            .AddSingleton(sp => new CampaignCatalog(sp.GetRequiredService<CampaignCounters>(), NullLogger<CampaignCatalog>.Instance))
            .AddSingleton(sp => new ModelCatalog(NullLogger<ModelCatalog>.Instance, sp.GetRequiredService<EngineInstruments>()))
            .BuildServiceProvider();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == EngineInstruments.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        listener.Start();
        _ = services.GetRequiredService<EngineInstruments>(); // as the silo makes it: its instruments exist from then on
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (measured)
        {
            measured.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        }
    }

    private List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Collect(string name)
    {
        measured.Clear();
        listener.RecordObservableInstruments();
        return [.. measured.Where(m => m.Instrument == name)];
    }

    [Fact]
    public void Given_counted_records_When_collected_Then_applied_rejected_by_reason_duplicates_and_dead_letters_are_the_silos_totals()
    {
        var counters = services.GetRequiredService<EngineCounters>();
        counters.Applied(10);
        counters.Duplicate();
        counters.Rejected("future-time");
        counters.Rejected("future-time");
        long lastApplied = 0;
        counters.TakeReport("silo", DateTime.UtcNow, ref lastApplied); // stats takes its deltas; the metrics keep the totals
        counters.Rejected("bad-msisdn");

        Assert.Equal(10, Assert.Single(Collect("cdr.records.applied")).Value); // a duplicate is a rejection, never an applied record taken back
        Assert.Equal(new Dictionary<string, double> { ["duplicate"] = 1, ["future-time"] = 2, ["bad-msisdn"] = 1 },
            Collect("cdr.records.rejected").ToDictionary(m => (string)m.Tags["cdr.reason"]!, m => m.Value));
        Assert.Equal(1, Assert.Single(Collect("cdr.records.duplicates")).Value);
        Assert.Equal(0, Assert.Single(Collect("cdr.dead_letters")).Value);
    }

    [Fact]
    public void Given_campaign_tallies_and_a_lag_When_collected_Then_decisions_are_by_campaign_and_snake_case_outcome_and_the_lag_is_in_seconds()
    {
        var tally = services.GetRequiredService<CampaignCounters>().TallyFor("night-pack");
        tally.Add(CampaignCounter.Evaluated);
        tally.Add(CampaignCounter.Evaluated);
        tally.Add(CampaignCounter.HeldOut);
        tally.Add(CampaignCounter.Sent);
        measured.Clear();
        services.GetRequiredService<EngineCounters>().BatchLag(TimeSpan.FromMilliseconds(250));
        Assert.Equal(0.25, Assert.Single(measured, m => m.Instrument == "cdr.records.lag").Value);

        Assert.Equal(2, Assert.Single(Collect("cdr.campaign.evaluations")).Value);
        var decisions = Collect("cdr.campaign.decisions");
        Assert.All(decisions, d => Assert.Equal("night-pack", d.Tags["cdr.campaign"]));
        Assert.Equal(1, decisions.Single(d => (string?)d.Tags["cdr.outcome"] == "held_out").Value);
        Assert.Equal(1, decisions.Single(d => (string?)d.Tags["cdr.outcome"] == "sent").Value);
        Assert.Equal(0, decisions.Single(d => (string?)d.Tags["cdr.outcome"] == "policy_capped").Value);
        Assert.DoesNotContain(decisions, d => (string?)d.Tags["cdr.outcome"] == "evaluated");
    }

    [Fact]
    public void Given_deliveries_through_routes_When_recorded_Then_only_the_offer_channel_is_an_attribute_never_the_routes_address()
    {
        var instruments = services.GetRequiredService<EngineInstruments>();
        measured.Clear();
        instruments.RecordDelivery("sms webhook https://user:secret@sms.example/send", DeliveryStatus.Failed);
        var delivery = Assert.Single(measured, m => m.Instrument == "cdr.offer.deliveries");
        Assert.Equal(("sms", "failed"), ((string?)delivery.Tags["cdr.channel"], (string?)delivery.Tags["cdr.status"]));
    }

    [Fact]
    public void Given_a_catalog_When_collected_Then_every_status_has_a_count_quarantined_included()
    {
        var catalog = services.GetRequiredService<CampaignCatalog>();
        catalog.Apply(new CampaignCatalogSnapshot(1, []));
        var statuses = Collect("cdr.campaigns").ToDictionary(m => (string)m.Tags["cdr.status"]!, m => m.Value);
        Assert.Equal(new Dictionary<string, double> { ["active"] = 0, ["paused"] = 0, ["stopped"] = 0, ["quarantined"] = 0 }, statuses);
    }

    [Theory]
    [InlineData("HeldOut", "held_out")]
    [InlineData("Sent", "sent")]
    [InlineData("BelowPropensity", "below_propensity")]
    public void Given_an_enum_name_When_made_an_attribute_value_Then_it_is_snake_case(string name, string expected) =>
        Assert.Equal(expected, Orleans.Domain.Text.SnakeCase.Of(name));

    public void Dispose()
    {
        listener.Dispose();
        services.Dispose();
    }
}
