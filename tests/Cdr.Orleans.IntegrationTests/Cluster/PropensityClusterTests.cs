using Cdr.Orleans.Contracts.Responses;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Models;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Propensity;
using Cdr.Orleans.Grains.Propensity;
using Microsoft.Extensions.DependencyInjection;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// A campaign learns in a running cluster: it sends to everyone while it has no model, the responses label the
/// examples kept at decision time, a model is trained and passes the gate, reaches every silo, and from then on the
/// campaign offers only to subscribers the model scores above its threshold.
/// </summary>
[Collection(ClusterFixture.Collection)]
public sealed class PropensityClusterTests(ClusterFixture fixture)
{
    private const string CampaignId = "propensity-test";
    private const int Subscribers = 400;

    private static string Number(int i) => $"+4477118{i:00000}"; // numbers no other test of the collection uses

    /// <summary>An off-net number: the calls reach no subscriber grain.</summary>
    private const string Elsewhere = "+33612345678";

    /// <summary>Gold subscribers accept, the others decline: what the model has to find (the tier is a feature).</summary>
    private static bool Accepts(int i) => i % 2 == 0;

    [Fact]
    public async Task Given_a_targeted_campaign_When_its_responses_train_a_model_Then_it_is_promoted_reaches_every_silo_and_offers_go_only_above_the_threshold()
    {
        var client = fixture.Client;
        var definition = Campaigns.ShippedCampaigns.Load("night-pack") with
        {
            Id = CampaignId, Trigger = "Cdr.Type == \"voice\"", ControlShare = 0, Eligibility = new Eligibility(),
            Caps = new CampaignCaps { PerSubscriber = 10, Period = "1d" },
            Targeting = new PropensityTargeting { MinPropensity = 0.5, ExploreShare = 0 },
        };
        Assert.True((await client.GetGrain<ICampaignRegistryGrain>(0).CreateAsync(definition, replace: false)).Ok);
        await Eventually.UntilAsync(() => fixture.Cluster.Silos.All(s => s.ServiceProvider.GetRequiredService<Grains.Campaigns.CampaignCatalog>().Current.Campaigns.Any(c => c.Id == CampaignId)),
            "the campaign on every silo", TimeSpan.FromSeconds(10));
        for (var i = 0; i < Subscribers; i++)
        {
            await client.GetGrain<ISubscriberGrain>(Number(i)).SetProfileAsync(new SubscriberProfile(
                Number(i), $"Subscriber {i}", 30 + i % 40, Gender.Female, "London", "Northwind Mobile", Plan.Prepaid,
                Accepts(i) ? Tier.Gold : Tier.Free, new DateOnly(2024, 1, 1)));
        }
        var now = DateTime.UtcNow;
        try
        {
            // No model yet: everyone the rule selects gets the offer.
            await PublishAsync(i => Cdrs.Voice(Number(i), Elsewhere, now.AddMinutes(-30), 60, country: "FR"));
            var book = client.GetGrain<IExampleBookGrain>(CampaignId);
            await Eventually.UntilAsync(async () => (await book.GetCountsAsync()).Waiting == Subscribers, "every sent offer's example in the book", TimeSpan.FromSeconds(10));

            // Later activity changes the counters; the examples keep those of the decision (one call made).
            await PublishAsync(i => Cdrs.Sms(Number(i), Elsewhere, now.AddMinutes(-20)));
            var log = client.GetGrain<IOfferLogGrain>(0);
            var first = (await log.ReadAsync(0, CampaignId, 10_000)).Offers.Select(o => o.Decision).ToList();
            Assert.Equal(Subscribers, first.Count(d => d.Outcome == OfferOutcome.Sent));
            Assert.All(first, d => Assert.Null(d.Propensity));
            var answers = first.Select(o => new OfferAnswer(o.Id, Accepts(int.Parse(o.Msisdn[^5..])) ? OfferResponse.Accepted : OfferResponse.Declined, DateTime.UtcNow, "test")).ToList();
            Assert.All(await client.GetGrain<IResponseGrain>(0).RespondAsync(answers), r => Assert.Equal(RespondResult.Recorded, r.Result));
            var counts = await book.GetCountsAsync();
            Assert.Equal((0, Subscribers, Subscribers / 2), (counts.Waiting, counts.Labelled, counts.Accepted));
            var examples = await book.GetLabelledAsync();
            var lifetime = PropensityFeatures.Names.ToList().IndexOf("LifetimeEvents");
            Assert.All(examples, e => Assert.Equal((float)Math.Log(2), e.Features[lifetime], 5));

            var trained = await client.GetGrain<IModelGrain>(CampaignId).TrainAsync();
            Assert.True(trained.Ok, trained.Message);
            Assert.True(trained.Version!.Promoted, trained.Version.Reason);
            Assert.True(trained.Version.Holdout.Auc > 0.95, $"AUC {trained.Version.Holdout.Auc}");
            await Eventually.UntilAsync(() => fixture.Cluster.Silos.All(s => s.ServiceProvider.GetRequiredService<ModelCatalog>().VersionOf(CampaignId) == trained.Version.Version),
                "the model on every silo", TimeSpan.FromSeconds(10));

            // With the model: only the subscribers it scores at 0.5 or more get the next offer.
            await PublishAsync(i => Cdrs.Voice(Number(i), Elsewhere, now.AddMinutes(-10), 60, country: "FR"));
            var second = (await log.ReadAsync(0, CampaignId, 10_000)).Offers.Select(o => o.Decision).Skip(first.Count).ToList();
            Assert.Equal(Subscribers / 2, second.Count);
            Assert.All(second, d => Assert.True(Accepts(int.Parse(d.Msisdn[^5..])) && d.Propensity >= 0.5, $"{d.Msisdn} scored {d.Propensity}"));
            // The silos report their campaign counters to the stats grain on a period, so the totals arrive a little later.
            CampaignResults? results = null;
            await Eventually.UntilAsync(async () =>
            {
                results = (await client.GetGrain<Contracts.Stats.IStatsGrain>(0).GetCampaignResultsAsync()).GetValueOrDefault(CampaignId);
                return results is { BelowPropensity: Subscribers / 2, Sent: Subscribers + Subscribers / 2 };
            }, () => $"{Subscribers / 2} below propensity and {Subscribers + Subscribers / 2} sent; last read {results?.BelowPropensity} and {results?.Sent}",
                TimeSpan.FromSeconds(30));
        }
        finally
        {
            await client.GetGrain<ICampaignRegistryGrain>(0).SetStatusAsync(CampaignId, CampaignStatus.Stopped);
        }
    }

    private Task PublishAsync(Func<int, CallDetailRecord> cdrOf) =>
        fixture.PublishAndWaitAsync([.. Enumerable.Range(0, Subscribers).Select(cdrOf)]);
}
