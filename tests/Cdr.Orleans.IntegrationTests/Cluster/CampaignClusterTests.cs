using Cdr.Orleans.Cluster;
using Cdr.Orleans.Infrastructure.Files;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Campaigns;
using Cdr.Orleans.Domain.Cdrs;
using Cdr.Orleans.Generator.Running;
using Cdr.Orleans.Generator.Synthesis;
using Cdr.Orleans.Grains.Campaigns;
using Cdr.Orleans.Grains.Hosting;
using Cdr.Orleans.Tests.Campaigns;
using Microsoft.Extensions.DependencyInjection;

namespace Cdr.Orleans.Tests.Cluster;

[Collection(ClusterFixture.Collection)]
public sealed class CampaignClusterTests(ClusterFixture fixture)
{
    private ICampaignRegistryGrain Registry => fixture.Client.GetGrain<ICampaignRegistryGrain>(0);

    [Fact]
    public async Task Given_a_running_cluster_When_a_campaign_is_created_paused_and_resumed_Then_every_silo_follows_without_a_restart()
    {
        // How fast is the bench's business (it prints the time to the catalog); here: that every change gets there.
        var definition = ShippedCampaigns.Load("night-pack") with { Id = "propagation-test" };

        Assert.True((await Registry.CreateAsync(definition, replace: false)).Ok);
        await UntilEverySiloAsync(set => set.Campaigns.Any(c => c.Id == definition.Id && c.Record.Revision == 1));
        Assert.True((await Registry.SetStatusAsync(definition.Id, CampaignStatus.Paused)).Ok);
        await UntilEverySiloAsync(set => set.Campaigns.All(c => c.Id != definition.Id));
        Assert.True((await Registry.SetStatusAsync(definition.Id, CampaignStatus.Active)).Ok);
        await UntilEverySiloAsync(set => set.Campaigns.Any(c => c.Id == definition.Id && c.Record.Revision == 3));
        Assert.True((await Registry.SetStatusAsync(definition.Id, CampaignStatus.Stopped)).Ok);
        await UntilEverySiloAsync(set => set.Campaigns.All(c => c.Id != definition.Id));
    }

    [Fact]
    public async Task Given_a_campaign_with_a_budget_When_grains_on_both_silos_trigger_at_once_Then_exactly_the_budget_is_sent()
    {
        const int budget = 40;
        var definition = ShippedCampaigns.Load("night-pack") with
        {
            Id = "budget-race-test", Trigger = "Cdr.Type == \"voice\"", ControlShare = 0, Caps = new CampaignCaps { PerSubscriber = 1, Budget = budget },
        };
        await CreateAndWaitAsync(definition);
        var now = DateTime.UtcNow;
        var cdrs = Enumerable.Range(0, 400).Select(i => Cdrs.Voice($"+4477123{i:00000}", Cdrs.Bob, now.AddMinutes(-5), 60)).ToList();

        try
        {
            await fixture.PublishAndWaitAsync(cdrs);
            var offers = await OffersAsync(definition.Id);
            var taken = await fixture.Client.GetGrain<ICampaignBudgetGrain>(definition.Id).GetAsync();

            Assert.Equal(budget, offers.Count(o => o.Outcome == OfferOutcome.Sent));
            Assert.Equal(new BudgetState(budget, budget), taken);
            Assert.Equal(offers.Count, offers.Select(o => o.Msisdn).Distinct().Count());
        }
        finally
        {
            await Registry.SetStatusAsync(definition.Id, CampaignStatus.Stopped);
        }
    }

    [Fact]
    public async Task Given_a_budget_grain_When_many_callers_take_leases_at_once_Then_it_grants_exactly_its_limit_and_keeps_it()
    {
        var grain = fixture.Client.GetGrain<ICampaignBudgetGrain>("budget-grain-test");
        await grain.SetLimitAsync(1_000);

        var granted = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(i => grain.TakeAsync(1 + i % 64)));
        await fixture.Cluster.DeactivateAsync(grain);
        var after = await grain.GetAsync();

        Assert.Equal(1_000, granted.Sum());
        Assert.Contains(0, granted);
        Assert.Equal(new BudgetState(1_000, 1_000), after);
        Assert.Equal(0, await grain.TakeAsync(1));
    }

    [Fact]
    public async Task Given_the_shipped_campaigns_When_a_generated_file_is_replayed_through_the_cluster_Then_the_offers_in_the_sink_equal_the_backtest()
    {
        var definitions = ShippedCampaigns.Files
            .Select(f => DataFiles.ReadCampaign(f, out _)!)
            .Select(d => d with { Id = "e2e-" + d.Id })
            .ToList();
        // Generated numbers depend only on the subscriber's index, so other tests' populations share them: mirror the
        // digits after +4477 to get subscribers whose state no other test has touched.
        static string Fresh(string number) => number.StartsWith("+4477", StringComparison.Ordinal) ? "+4477" + new string([.. number[5..].Reverse()]) : number;
        var population = Population.Create(300, seed: 23, DateOnly.FromDateTime(DateTime.UtcNow));
        var profiles = population.Profiles().Select(p => p with { Msisdn = Fresh(p.Msisdn) }).ToList();
        var synthesizer = new CdrSynthesizer(population, 23, DateTime.UtcNow.AddDays(-2), cdrsPerSimSecond: 0.05, accounts: new AccountSimulator(population, 23));
        var cdrs = Enumerable.Range(0, 6_000).Select(_ => synthesizer.Next()).Select(c => c with { Caller = Fresh(c.Caller), Callee = Fresh(c.Callee) }).ToList();
        var backtest = new CampaignBacktest(definitions, new EngineOptions().HomeNetwork(), DateTime.UtcNow, CdrValidator.DefaultFutureTolerance);
        profiles.ForEach(backtest.AddProfile);
        cdrs.ForEach(backtest.Apply);
        var expected = backtest.Result().Decisions;

        await ProfileLoader.LoadAsync(fixture.Client, profiles, null, CancellationToken.None);
        foreach (var definition in definitions)
        {
            await CreateAndWaitAsync(definition);
        }
        try
        {
            await fixture.PublishAndWaitAsync(cdrs);
            var actual = new List<OfferDecision>();
            foreach (var definition in definitions)
            {
                actual.AddRange(await OffersAsync(definition.Id));
            }

            Assert.True(expected.Count >= 20, $"the file should make offers; the backtest made {expected.Count}");
            Assert.Contains(expected, o => o.CampaignId is "e2e-low-credit-advance" or "e2e-top-up-incentive" or "e2e-roaming-welcome" or "e2e-bundle-upsell");
            Assert.Equal(expected.Select(Key).Order(StringComparer.Ordinal), actual.Select(Key).Order(StringComparer.Ordinal));
            Assert.Contains(actual, o => o.Outcome == OfferOutcome.HeldOut);

            // The generator's simulated subscribers answer every offer sent; the results count the answers.
            var personas = population.Msisdns.Select((m, i) => (Fresh(m), population.Personas[i])).ToDictionary(x => x.Item1, x => x.Item2);
            var responder = new OfferResponder(fixture.Client, personas, seed: 23);
            await responder.CatchUpAsync();
            var sent = actual.Count(o => o.Outcome == OfferOutcome.Sent);
            Assert.Equal(sent, responder.Accepted + responder.Declined);
            Assert.InRange(responder.Accepted, 1, sent - 1);
            await Eventually.UntilAsync(async () =>
            {
                var results = await fixture.Client.GetGrain<Contracts.Stats.IStatsGrain>(0).GetCampaignResultsAsync();
                var ours = definitions.Select(d => results.GetValueOrDefault(d.Id) ?? CampaignResults.Zero).ToList();
                return ours.Sum(r => r.Accepted + r.Declined) == sent && ours.Sum(r => r.Sent) == sent;
            }, "the responses and offers counted in the campaign results", TimeSpan.FromSeconds(30));
        }
        finally
        {
            foreach (var definition in definitions)
            {
                await Registry.SetStatusAsync(definition.Id, CampaignStatus.Stopped);
            }
        }
    }

    [Fact]
    public async Task Given_a_campaign_whose_offers_go_by_push_When_it_triggers_Then_each_sent_offer_reaches_the_webhook_once_and_is_logged_delivered()
    {
        var definition = ShippedCampaigns.Load("night-pack") with
        {
            Id = "push-delivery-test", Trigger = "Cdr.Type == \"voice\"", ControlShare = 0.2, Caps = new CampaignCaps { PerSubscriber = 1 },
            Offer = new OfferSpec { Code = "PUSH-1", Text = "A push offer", Channel = "push", Value = 1 },
        };
        await CreateAndWaitAsync(definition);
        var now = DateTime.UtcNow;
        var cdrs = Enumerable.Range(0, 120).Select(i => Cdrs.Voice($"+4477124{i:00000}", Cdrs.Bob, now.AddMinutes(-5), 60)).ToList();
        try
        {
            await fixture.PublishAndWaitAsync(cdrs);
            var sent = (await OffersAsync(definition.Id)).Where(o => o.Outcome == OfferOutcome.Sent).Select(o => o.Id).ToHashSet();

            await Eventually.UntilAsync(async () =>
            {
                var page = await fixture.Client.GetGrain<IOfferLogGrain>(0).ReadAsync(0, definition.Id, 10_000);
                return page.Offers.Where(o => o.Decision.Outcome == OfferOutcome.Sent).All(o => o.Delivery?.Status == DeliveryStatus.Delivered);
            }, "every sent push offer logged as delivered", TimeSpan.FromSeconds(30));
            var logged = (await fixture.Client.GetGrain<IOfferLogGrain>(0).ReadAsync(0, definition.Id, 10_000)).Offers;
            var counts = await fixture.Client.GetGrain<IOfferLogGrain>(0).GetDeliveryCountsAsync(definition.Id);

            Assert.InRange(sent.Count, 60, 119); // some held out
            var received = fixture.PushReceiver.Received.Values.Where(m => m.Campaign == definition.Id).ToList();
            Assert.Equal(sent.Order(), received.Select(m => m.Id).Order());
            Assert.All(received, m => Assert.Equal(("PUSH-1", "push"), (m.OfferCode, m.Channel)));
            Assert.All(logged.Where(o => o.Decision.Outcome == OfferOutcome.HeldOut), o => Assert.Null(o.Delivery)); // nothing sent to the control group
            Assert.Equal(0, fixture.PushReceiver.Unverified);
            var push = Assert.Single(counts, c => c.Channel.StartsWith("push webhook http://127.0.0.1:", StringComparison.Ordinal));
            Assert.Equal(((long)sent.Count, 0L, 0L, 0L), (push.Delivered, push.Failed, push.Expired, push.InProgress)); // this campaign's alone
        }
        finally
        {
            await Registry.SetStatusAsync(definition.Id, CampaignStatus.Stopped);
        }
    }

    private static string Key(OfferDecision d) =>
        $"{d.Id} {d.CampaignId} {d.Msisdn} {d.CdrId} {d.CdrStartUtc:O} {d.Outcome} {string.Join(";", d.Values.Select(v => $"{v.Key}={v.Value}"))}";

    [Fact]
    public async Task Given_a_contact_policy_set_while_the_cluster_runs_When_two_campaigns_trigger_on_every_call_Then_each_subscriber_gets_one_offer_a_day_and_the_opted_out_none()
    {
        static CampaignDefinition Every(string id, int priority) => ShippedCampaigns.Load("night-pack") with
        {
            Id = id, Priority = priority, Trigger = "Cdr.Type == \"voice\"", ControlShare = 0, Caps = new CampaignCaps { PerSubscriber = 100, Period = "1h" },
        };
        var (first, second) = (Every("policy-first", 9), Every("policy-second", 8));
        var policy = await Registry.SetPolicyAsync(new ContactPolicy { MaxPerDay = 1, MaxPerWeek = 3, GlobalControlShare = 0.2 });
        Assert.True(policy.Ok, string.Join("; ", policy.Errors));
        await UntilEverySiloAsync(set => set.Rules.Policy.Revision == policy.Policy!.Revision);
        await CreateAndWaitAsync(first);
        await CreateAndWaitAsync(second);
        var callers = Enumerable.Range(0, 200).Select(i => $"+4477126{i:00000}").ToList();
        var stopped = callers.Take(20).ToList();
        var noon = DateTime.UtcNow.Date.AddDays(-1).AddHours(12); // noon in London yesterday: three calls in one local day
        try
        {
            await fixture.PublishAndWaitAsync([.. stopped.Select(c => Cdrs.Sms(c, Cdrs.Bob, noon.AddHours(-1)))]); // known subscribers
            foreach (var number in stopped)
            {
                // Known once its SMS is applied (the cluster's applied count can run ahead with another test's late reports).
                await Eventually.UntilAsync(() => fixture.Client.GetGrain<ISubscriberGrain>(number).SetMarketingAsync(false, DateTime.UtcNow),
                    $"{number} known and opted out", TimeSpan.FromSeconds(30));
            }
            await fixture.PublishAndWaitAsync([.. callers.SelectMany(c => Enumerable.Range(0, 3).Select(k => Cdrs.Voice(c, Cdrs.Bob, noon.AddMinutes(k), 60)))]);

            // Every CDR (the SMS and the calls) evaluated by both campaigns, as the silos' reports (a moment behind) say.
            var evaluations = 3 * callers.Count + stopped.Count;
            List<OfferDecision> offers = [];
            CampaignResults a = CampaignResults.Zero, b = CampaignResults.Zero;
            await Eventually.UntilAsync(async () =>
            {
                offers = [.. (await OffersAsync(first.Id)).Concat(await OffersAsync(second.Id))];
                var results = await fixture.Client.GetGrain<IStatsGrain>(0).GetCampaignResultsAsync();
                (a, b) = (results.GetValueOrDefault(first.Id) ?? CampaignResults.Zero, results.GetValueOrDefault(second.Id) ?? CampaignResults.Zero);
                return a.Evaluated == evaluations && b.Evaluated == evaluations;
            }, () => $"{evaluations} evaluations of each campaign (so far {a.Evaluated} and {b.Evaluated})", TimeSpan.FromSeconds(30));
            var globalControl = offers.Where(o => o.GlobalControl).Select(o => o.Msisdn).ToHashSet();
            var sent = offers.Where(o => o.Outcome == OfferOutcome.Sent).ToList();

            Assert.DoesNotContain(offers, o => stopped.Contains(o.Msisdn)); // opted out: nothing, whatever the campaign
            Assert.Equal(60, a.OptedOut + b.OptedOut);                   // 20 subscribers x 3 calls, each counted once
            Assert.Equal(sent.Count, sent.Select(o => o.Msisdn).Distinct().Count()); // one a day over both campaigns
            Assert.Equal(callers.Count - stopped.Count - globalControl.Count, sent.Count);
            Assert.InRange(globalControl.Count, 15, 60);                 // 20% of 180
            Assert.Equal(2L * sent.Count, a.PolicyCapped + b.PolicyCapped); // the second and third call of each
            Assert.Equal(globalControl.Count * 3L, a.GlobalControl + b.GlobalControl);
            Assert.Equal(0, b.Sent); // the first (higher priority) always had the CDR
        }
        finally
        {
            await Registry.SetPolicyAsync(ContactPolicy.None);
            await Registry.SetStatusAsync(first.Id, CampaignStatus.Stopped);
            await Registry.SetStatusAsync(second.Id, CampaignStatus.Stopped);
        }
    }

    [Fact]
    public async Task Given_operator_events_When_published_Then_the_account_is_folded_the_event_campaigns_fire_and_a_bad_event_is_rejected_alone()
    {
        var ids = new[] { "low-credit-advance", "roaming-welcome" };
        var definitions = ids.Select(id => ShippedCampaigns.Load(id) with { Id = "events-" + id, ControlShare = 0 }).ToList();
        var now = DateTime.UtcNow.AddMinutes(-30);
        var subscribers = Enumerable.Range(0, 10).Select(i => $"+4477566{i:00000}").ToList();
        foreach (var msisdn in subscribers)
        {
            await fixture.Client.GetGrain<ISubscriberGrain>(msisdn).SetProfileAsync(
                new SubscriberProfile(msisdn, "Event Test", 40, Gender.Other, "London", "Northwind Mobile", Plan.Prepaid, Tier.Free, new DateOnly(2024, 1, 1)));
        }
        foreach (var definition in definitions)
        {
            await CreateAndWaitAsync(definition);
        }
        var records = subscribers.SelectMany(m => new[]
        {
            Cdrs.TopUp(m, now, 10m, balanceAfter: 12m),
            Cdrs.Balance(m, now.AddMinutes(1), 1.40m),
            Cdrs.Balance(m, now.AddMinutes(2), 0.60m),      // below 1.00: the advance
            Cdrs.Registration(m, now.AddMinutes(3), "ES"),  // abroad: the welcome
            Cdrs.Voice(m, Cdrs.Bob, now.AddMinutes(4), 60, roaming: true),
        }).ToList();
        var bad = Cdrs.TopUp(subscribers[0], now.AddMinutes(5), -3m);
        var rejectedBefore = (await fixture.StatsAsync()).RejectedByReason.GetValueOrDefault("bad-amount");

        try
        {
            await fixture.PublishAndWaitAsync(records, $"{records.Count} records applied");
            var publisher = new Generator.Publishing.CdrPublisher(fixture.Client.GetStreamProvider(Contracts.Streams.CdrStreamOptions.ProviderName), fixture.Streams);
            await publisher.PublishAsync(bad);
            await publisher.FlushAsync();
            await fixture.UntilAsync(s => s.RejectedByReason.GetValueOrDefault("bad-amount") == rejectedBefore + 1, "the negative top-up rejected");
            var advance = await OffersAsync(definitions[0].Id);
            var welcome = await OffersAsync(definitions[1].Id);
            var snapshot = await fixture.Client.GetGrain<ISubscriberGrain>(subscribers[3]).GetSnapshotAsync();

            Assert.Equal(subscribers.Order(), advance.Where(o => o.Outcome == OfferOutcome.Sent).Select(o => o.Msisdn).Order());
            Assert.Equal(subscribers.Order(), welcome.Where(o => o.Outcome == OfferOutcome.Sent).Select(o => o.Msisdn).Order());
            Assert.All(welcome, o => Assert.Equal("registration", o.Values["Event.Kind"]));
            var account = snapshot!.Account!;
            Assert.Equal((4L, 0.60m, 1L, 10m, "ES", 1L), (account.Events, account.Balance!.Value, account.TopUps, account.TopUpAmount, account.VisitedCountry, account.Trips));
            Assert.Equal(2.00m, account.AverageBalanceBeforeTopUp);
            Assert.Equal(1, snapshot.CdrsApplied);
        }
        finally
        {
            foreach (var definition in definitions)
            {
                await Registry.SetStatusAsync(definition.Id, CampaignStatus.Stopped);
            }
        }
    }

    [Fact]
    public async Task Given_a_segment_When_it_is_sent_Then_every_matching_subscriber_is_decided_once_with_its_control_group_and_nobody_twice()
    {
        var numbers = await SendPopulationAsync("+4477588", gold: 40, free: 20);
        var definition = OneShot("send-gold", $"Tier == \"Gold\" && Msisdn.StartsWith(\"+4477588\")") with { ControlShare = 0.25 };
        var sender = fixture.Client.GetGrain<ICampaignSendGrain>(definition.Id);

        var started = await sender.StartAsync(definition, "the test");
        var progress = await UntilSentAsync(sender);
        var offers = await OffersAsync(definition.Id);
        var again = await Task.WhenAll(numbers.Take(40).Select(n => fixture.Client.GetGrain<ISubscriberGrain>(n).DecideOnceAsync(definition.Id, started.Revision, 1)));
        var twice = await sender.StartAsync(definition, "the test");
        var record = await Registry.GetAsync(definition.Id);

        Assert.True(started.Ok, string.Join("; ", started.Errors));
        Assert.Equal(40, started.Matching);
        Assert.Equal((SendState.Done, 40L, 40L), (progress.State, progress.Matched, progress.Sent + progress.HeldOut));
        Assert.InRange(progress.HeldOut, 3, 20);                                              // a quarter, by the control group's hash
        Assert.Equal(40, offers.Count);
        Assert.Equal(numbers.Take(40).Order(), offers.Select(o => o.Msisdn).Order());         // the Gold ones, each once
        Assert.Equal(progress.Sent, offers.Count(o => o.Outcome == OfferOutcome.Sent));
        Assert.All(again, r => Assert.Equal(OnceOutcome.AlreadyDecided, r.Outcome));
        Assert.False(twice.Ok);
        Assert.Contains("was sent already", twice.Errors[0]);
        Assert.Equal(CampaignStatus.Stopped, record!.Status);                                 // over: never evaluated again
        Assert.True(record.Definition.OneShot);
        await Eventually.UntilAsync(async () =>
            (await fixture.Client.GetGrain<IStatsGrain>(0).GetCampaignResultsAsync()).GetValueOrDefault(definition.Id)?.Sent == progress.Sent,
            "the campaign's results to count its sends", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Given_a_segment_send_with_a_budget_or_matching_nobody_When_sent_Then_it_stops_at_the_budget_and_nobody_is_refused_with_nothing_created()
    {
        await SendPopulationAsync("+4477599", gold: 30, free: 0);
        var budgeted = OneShot("send-budget", "Msisdn.StartsWith(\"+4477599\")") with { Caps = new CampaignCaps { PerSubscriber = 1, Budget = 10 } };
        var nobody = OneShot("send-nobody", "Msisdn.StartsWith(\"+4477599\") && Age > 150");

        var started = await fixture.Client.GetGrain<ICampaignSendGrain>(budgeted.Id).StartAsync(budgeted, "the test");
        var progress = await UntilSentAsync(fixture.Client.GetGrain<ICampaignSendGrain>(budgeted.Id));
        var refused = await fixture.Client.GetGrain<ICampaignSendGrain>(nobody.Id).StartAsync(nobody, "the test");

        Assert.True(started.Ok, string.Join("; ", started.Errors));
        Assert.Equal(10, progress.Sent);
        Assert.Equal(10, (await OffersAsync(budgeted.Id)).Count(o => o.Outcome == OfferOutcome.Sent));
        Assert.Contains("budget is spent", progress.Note);
        Assert.True(refused.MatchedNobody);
        Assert.StartsWith("segment: the rule matches nobody now", refused.Errors[0]);
        Assert.Null(await Registry.GetAsync(nobody.Id));
        Assert.Null(await fixture.Client.GetGrain<ICampaignSendGrain>(nobody.Id).GetProgressAsync());
    }

    /// <summary>Subscribers with profiles under <paramref name="prefix"/>: the first <paramref name="gold"/> Gold, then Free ones.</summary>
    private async Task<List<string>> SendPopulationAsync(string prefix, int gold, int free)
    {
        var numbers = Enumerable.Range(0, gold + free).Select(i => $"{prefix}{i:000000}").ToList();
        await Task.WhenAll(numbers.Select((n, i) => fixture.Client.GetGrain<ISubscriberGrain>(n).SetProfileAsync(
            new SubscriberProfile(n, "Send Test", 30, Gender.Other, "London", "Northwind Mobile", Plan.Postpaid, i < gold ? Tier.Gold : Tier.Free, new DateOnly(2024, 1, 1)))));
        return numbers;
    }

    private static CampaignDefinition OneShot(string id, string segment) => new()
    {
        Id = id, Name = "Segment send " + id, Trigger = segment, OneShot = true,
        Offer = new OfferSpec { Code = "SEND-1", Text = "A one-off offer", Channel = "push", Value = 1 },
    };

    private static async Task<SendProgress> UntilSentAsync(ICampaignSendGrain sender)
    {
        SendProgress? progress = null;
        await Eventually.UntilAsync(async () => (progress = await sender.GetProgressAsync()) is { State: not SendState.Sending },
            () => $"the send to finish; last {progress}", TimeSpan.FromSeconds(60));
        return progress!;
    }

    private async Task CreateAndWaitAsync(CampaignDefinition definition)
    {
        var result = await Registry.CreateAsync(definition, replace: false);
        Assert.True(result.Ok, string.Join("; ", result.Errors));
        await UntilEverySiloAsync(set => set.Campaigns.Any(c => c.Id == definition.Id));
    }

    private Task UntilEverySiloAsync(Func<CampaignSet, bool> condition) => Eventually.UntilAsync(
        () => fixture.Cluster.Silos.All(s => condition(s.ServiceProvider.GetRequiredService<CampaignCatalog>().Current)),
        "every silo's campaign catalog to catch up", TimeSpan.FromSeconds(10));

    private async Task<List<OfferDecision>> OffersAsync(string campaignId)
    {
        var page = await fixture.Client.GetGrain<IOfferLogGrain>(0).ReadAsync(0, campaignId, 10_000);
        Assert.Equal(0, page.Missed);
        return [.. page.Offers.Select(o => o.Decision)];
    }
}
