using System.Collections.Concurrent;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Grains.Campaigns;
using Cdr.Orleans.Grains.Hosting;
using Cdr.Orleans.Grains.Subscribers;
using Cdr.Orleans.Tests.Campaigns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// A batch counts as applied only with its offers in their sink: a sink that throws once fails the batch, and its
/// redelivery sends the offer instead of skipping it as applied. Durable mode's rules (positions, checkpoints) on
/// in-memory storage.
/// </summary>
public sealed class EffectsBeforeMarkTests
{
    /// <summary>The offer log, behind a sink that refuses its first call.</summary>
    private sealed class FailsOnce(IGrainFactory grains) : IOfferSink
    {
        private readonly OfferLogSink inner = new(grains);
        private int calls;

        public ConcurrentBag<string> Taken { get; } = [];

        public async Task PublishAsync(IReadOnlyList<OfferDecision> decisions, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("the sink is away (test)");
            }
            await inner.PublishAsync(decisions, cancellationToken);
            foreach (var d in decisions)
            {
                Taken.Add(d.Id);
            }
        }
    }

    [Fact]
    public async Task Given_a_sink_that_throws_once_When_the_batch_is_delivered_again_checkpointed_and_read_by_a_new_activation_Then_it_is_applied_once_and_its_offer_sent_once()
    {
        FailsOnce? sink = null;
        var cluster = await SingleSilo.StartAsync(new Dictionary<string, string?>(), silo: silo =>
        {
            silo.Services.Replace(ServiceDescriptor.Singleton(new StateWritePolicy(StateWriteMode.Checkpoint, InMemoryStorage: true, SkipApplied: true)));
            silo.Services.Replace(ServiceDescriptor.Singleton<IOfferSink>(sp => sink = new FailsOnce(sp.GetRequiredService<IGrainFactory>())));
        });
        await using var _ = cluster;
        var campaign = ShippedCampaigns.Load("night-pack") with { Id = "every-call", Eligibility = new(), Trigger = "Cdr.Type == \"voice\"", ControlShare = 0 };
        Assert.True((await cluster.Client.GetGrain<ICampaignRegistryGrain>(0).CreateAsync(campaign, replace: false)).Ok);
        await Eventually.UntilAsync(() => Task.FromResult(cluster.Silos[0].ServiceProvider.GetRequiredService<CampaignCatalog>().Current.Campaigns.Any(c => c.Id == campaign.Id)),
            "the campaign loaded by the silo", TimeSpan.FromSeconds(30));
        const string subscriber = "+447712300777";
        var grain = cluster.Client.GetGrain<ISubscriberGrain>(subscriber);
        await grain.SetProfileAsync(new SubscriberProfile(subscriber, "Effects", 30, Gender.Female, "London", "Northwind Mobile", Plan.Prepaid, Tier.Gold, new DateOnly(2024, 1, 1)));
        var batch = new SubscriberBatch(2, 41, [Cdrs.Voice(subscriber, Cdrs.Bob, DateTime.UtcNow.AddMinutes(-5), 60)], []);

        await Assert.ThrowsAnyAsync<Exception>(async () => await grain.ApplyAsync(batch));
        Assert.Equal(ApplyResult.Applied, await grain.ApplyAsync(batch)); // delivered again: its offer goes now
        Assert.True(await grain.FlushAsync(2, 41)); // the checkpoint
        var log = await cluster.Client.GetGrain<IOfferLogGrain>(0).ReadAsync(0, campaign.Id, 100);
        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var snapshot = await grain.GetSnapshotAsync(); // a new activation, from storage
        Assert.Equal((1L, 1L), (snapshot!.Totals.VoiceCalls, snapshot.CdrsApplied));
        var offer = Assert.Single(sink!.Taken);
        Assert.Equal(Domain.Campaigns.OfferIds.For(campaign.Id, subscriber, batch.Outgoing[0].Id), offer);
        Assert.Equal(ApplyResult.Applied, await grain.ApplyAsync(batch)); // and once more: applied already, nothing sent again
        Assert.Single(sink.Taken);
        Assert.Equal([offer], log.Offers.Select(o => o.Decision.Id));
    }
}
