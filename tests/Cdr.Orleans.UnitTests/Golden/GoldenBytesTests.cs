using System.Collections;
using System.Globalization;
using System.Reflection;
using Cdr.Orleans.Contracts.Callees;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Models;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Domain.Campaigns;
using Cdr.Orleans.Domain.Propensity;
using Cdr.Orleans.Domain.Traffic;
using Cdr.Orleans.Grains.Callees;
using Cdr.Orleans.Grains.Campaigns;
using Cdr.Orleans.Grains.Propensity;
using Cdr.Orleans.Grains.Segments;
using Cdr.Orleans.Grains.Stats;
using Cdr.Orleans.Infrastructure.Redis.Streams;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;

namespace Cdr.Orleans.Tests.Golden;

/// <summary>
/// Every type the engine stores or streams has its serialized form committed under tests/Cdr.Orleans.UnitTests/Golden/.
/// This build must write those very bytes and read them back to the same value: a round trip through one build cannot
/// notice a renumbered [Id] or a changed alias, yesterday's bytes can. A change of format on purpose: run the tests
/// with CDR_UPDATE_GOLDEN=1, look at the diff, and commit the new files with the reason.
/// </summary>
public sealed class GoldenBytesTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
    private static readonly DateTime T = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    public static TheoryData<string> Names => [.. Samples().Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Given_the_committed_bytes_of_a_stored_or_streamed_type_When_this_build_writes_and_reads_it_Then_they_are_the_same(string name)
    {
        var sample = Samples()[name];
        var written = Serializer.SerializeToArray<object>(sample);
        var path = RepositoryFiles.PathOf("tests", "Cdr.Orleans.UnitTests", "Golden", name + ".b64");
        if (Environment.GetEnvironmentVariable("CDR_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, Convert.ToBase64String(written, Base64FormattingOptions.InsertLineBreaks) + "\n");
        }
        Assert.True(File.Exists(path), $"{path} is missing: run the tests once with CDR_UPDATE_GOLDEN=1 and commit it");
        var committed = Convert.FromBase64String(File.ReadAllText(path));

        var read = Serializer.Deserialize<object>(committed)!;

        Assert.Equal(sample.GetType(), read.GetType());
        Assert.Equal(Describe(sample), Describe(read));
        Assert.Equal(Convert.ToBase64String(committed), Convert.ToBase64String(written));
    }

    /// <summary>Every public field and property, all the way down, as text: what "the same value" means here.</summary>
    internal static string Describe(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture) + time.Kind,
        IFormattable or bool or Enum => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        IDictionary map => "{" + string.Join(", ", map.Keys.Cast<object>().Select(k => $"{Describe(k)}: {Describe(map[k])}")) + "}",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Describe)) + "]",
        _ => value.GetType().Name + "(" + string.Join(", ", value.GetType()
                .GetMembers(BindingFlags.Public | BindingFlags.Instance)
                .Where(m => m is FieldInfo || m is PropertyInfo { CanRead: true } p && p.GetIndexParameters().Length == 0)
                .OrderBy(m => m.Name, StringComparer.Ordinal)
                .Select(m => $"{m.Name}={Describe(m is FieldInfo f ? f.GetValue(value) : ((PropertyInfo)m).GetValue(value))}")) + ")",
    };

    private static ExampleBook Book()
    {
        var book = new ExampleBook { Capacity = 100 };
        book.Decided("offer-1", T, [1f, 2.5f]);
        book.Decided("offer-2", T.AddMinutes(1), [0f, -1f]);
        book.Respond("offer-1", accepted: true);
        book.Respond("offer-9", accepted: false); // before its example: kept for it
        book.TrainingDue(T, after: 1, every: TimeSpan.FromDays(7));
        return book;
    }

    private static ModelVersion Version()
    {
        var metrics = new ModelMetrics(100, 20, 0.75, 0.4, 0.12, 0.18, 2.1);
        var trees = new PropensityModel(ModelKind.BoostedTrees, ["1h.Calls", "1h.VoiceMinutes"], 0.1, -1.2, 0.05,
            Trees: [new ModelTree(0.5, [1], [2.5f], [-1], [-2], [0.3, -0.2])]);
        return new ModelVersion(1, T, ModelKind.BoostedTrees, metrics, metrics with { Auc = 0.7 }, metrics with { Auc = 0.65 }, true,
            "holdout AUC 0.750 reaches the minimum", [new FeatureWeight("1h.VoiceMinutes", 3.5)], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 80, 1.25, trees);
    }

    private static PropensityModel Logistic() =>
        new(ModelKind.Logistic, ["1h.Calls", "1h.VoiceMinutes"], -0.4, -1, 0, Weights: [0.2, 0.7], Means: [1.5, 3], Scales: [0.5, 0.25]);

    /// <summary>
    /// The subscriber state of the samples. <paramref name="full"/>: with what the packed forms hold beyond the first
    /// sample (recent CDR ids, a callee summary past its capacity, with registers); without, the state whose bytes were
    /// committed before them (subscriber-state.before-packing.b64).
    /// </summary>
    public static SubscriberState SubscriberStateSample(bool full)
    {
        var cdr = new CallDetailRecord("cdr-1", "+447700900001", "+447700900002", T, 75, CdrType.Voice, 0, CallResult.Answered, 0.08m, "London", false, "GB");
        var sms = new CallDetailRecord("cdr-2", "+447700900001", "+33612345678", T.AddMinutes(3), 0, CdrType.Sms, 0, CallResult.Answered, 0.05m, "Leeds", true, "FR");
        var data = new CallDetailRecord("cdr-3", "+447700900001", "", T.AddHours(-2), 600, CdrType.Data, 1234, CallResult.Dropped, 0.02m, "London", false, "");
        var incoming = new CallDetailRecord("cdr-4", "+447700900003", "+447700900001", T.AddDays(-3), 40, CdrType.Voice, 0, CallResult.Busy, 0.1m, "York", false, "GB");
        var profile = new SubscriberProfile("+447700900001", "Alice Example", 34, Gender.Female, "London", "Northwind Mobile", Plan.Postpaid, Tier.Gold, new DateOnly(2020, 5, 1));
        var state = new SubscriberState { Profile = profile };
        SubscriberFold.ApplyOutgoing(state, cdr, HomeNetwork.Default, CalleeCategory.Banking);
        SubscriberFold.ApplyOutgoing(state, sms, HomeNetwork.Default);
        SubscriberFold.ApplyOutgoing(state, data, HomeNetwork.Default);
        SubscriberFold.ApplyIncoming(state, incoming);
        state.MarkApplied(2, 655_360_001);
        if (full)
        {
            for (var i = 0; i < CalleeSummary.Capacity + 3; i++)
            {
                var call = cdr with { Id = $"cdr-x{i}", Callee = $"+4477009{10 + i:00000}", StartUtc = T.AddMinutes(-i) };
                Assert.True(RecentCdrIds.IsNew(state, call.Id, 32));
                SubscriberFold.ApplyOutgoing(state, call, HomeNetwork.Default);
            }
        }
        return state;
    }

    /// <summary>One operator event of each kind, every field of its kind set.</summary>
    public static List<CallDetailRecord> EventSamples()
    {
        CallDetailRecord Event(int n, CdrType kind, OperatorEvent e) =>
            new($"ev-{n}", "+447700900001", "", T.AddMinutes(n), 0, kind, 0, CallResult.Answered, 0, "", false, "", "Northwind Mobile", e);
        return
        [
            Event(1, CdrType.Balance, new OperatorEvent(Balance: 4.20m)),
            Event(2, CdrType.TopUp, new OperatorEvent(Amount: 10m, Balance: 14.20m, Channel: "voucher")),
            Event(3, CdrType.Bundle, new OperatorEvent(Allowance: 5_000_000_000, Used: 4_100_000_000, RenewalUtc: T.AddDays(9))),
            Event(4, CdrType.Registration, new OperatorEvent(Country: "FR")),
            Event(5, CdrType.DeviceChange, new OperatorEvent(Device: "Google Pixel 8")),
        ];
    }

    /// <summary>The subscriber state whose bytes are committed (subscriber-state.b64, and the forms before it).</summary>
    public static SubscriberState StoredSubscriberState() => (SubscriberState)Samples()["subscriber-state"];

    /// <summary>One value of each stored or streamed type, with every field set, made the same way every time.</summary>
    private static Dictionary<string, object> Samples()
    {
        var cdr = new CallDetailRecord("cdr-1", "+447700900001", "+447700900002", T, 75, CdrType.Voice, 0, CallResult.Answered, 0.08m, "London", false, "GB");
        var sms = new CallDetailRecord("cdr-2", "+447700900001", "+33612345678", T.AddMinutes(3), 0, CdrType.Sms, 0, CallResult.Answered, 0.05m, "Leeds", true, "FR");
        var data = new CallDetailRecord("cdr-3", "+447700900001", "", T.AddHours(-2), 600, CdrType.Data, 1234, CallResult.Dropped, 0.02m, "London", false, "");
        var incoming = new CallDetailRecord("cdr-4", "+447700900003", "+447700900001", T.AddDays(-3), 40, CdrType.Voice, 0, CallResult.Busy, 0.1m, "York", false, "GB");
        var profile = new SubscriberProfile("+447700900001", "Alice Example", 34, Gender.Female, "London", "Northwind Mobile", Plan.Postpaid, Tier.Gold, new DateOnly(2020, 5, 1));

        var definition = new CampaignDefinition
        {
            Id = "night-pack", Name = "Night pack", Description = "Night owls", Priority = 5,
            Offer = new OfferSpec { Code = "NIGHT5", Text = "5 GB at night", Channel = "push", Value = 4.5m },
            Eligibility = new Eligibility { Plans = ["Prepaid"], Tiers = ["Gold"], Regions = ["London"], Operators = ["Northwind Mobile"], MinAge = 18, MaxAge = 70, MinSignupDays = 30, MaxSignupDays = 900, Rule = "Sms >= 0" },
            Trigger = "VoiceCalls >= 1", Caps = new CampaignCaps { PerSubscriber = 2, Period = "7d", Budget = 1000 },
            Start = T.AddDays(-1), End = T.AddDays(30), ControlShare = 0.1,
            Targeting = new PropensityTargeting { MinPropensity = 0.3, ExploreShare = 0.15 },
        };
        var record = new CampaignRecord(definition, CampaignStatus.Paused, 3, T, T.AddHours(1), ChangedBy: "alice@ops-laptop (console client)");

        var state = SubscriberStateSample(full: true);
        var campaign = Campaign.TryCompile(record with { Status = CampaignStatus.Active }, new CampaignTallies().NewTally(), out _)!;
        var choice = new CampaignChoice();
        CampaignEvaluator.Evaluate(new CampaignSet(1, [campaign]), state, cdr with { Id = "cdr-5", StartUtc = T.AddMinutes(5) }, HomeNetwork.Default, choice, T, T.AddSeconds(1));
        choice.DecideWith(_ => true);

        var tally = new TrafficTally();
        tally.Add(cdr, "Northwind Mobile", CalleeCategory.Banking);
        tally.Add(sms, null);
        var traffic = new TrafficHistory { RetentionMinutes = 120 };
        traffic.Add(tally.Take());

        var batch = new CdrBatch(2, [cdr, sms, data], T);
        var events = EventSamples();
        var account = new Cdr.Orleans.Domain.Accounts.AccountState();
        foreach (var e in events)
        {
            Cdr.Orleans.Domain.Accounts.AccountFold.Apply(account, e, "GB");
        }
        return new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["event-batch"] = new CdrBatch(3, events, T),
            ["campaign-send-state"] = new CampaignSendState
            {
                Revision = 1, State = SendState.Waiting, StartedUtc = T, CountedMatching = 40, Walked = 60, Matched = 40, Sent = 30, HeldOut = 5,
                Suppressed = 2, WaitingQuietHours = 3, Passes = 2, NextPassUtc = T.AddHours(8), Note = "3 subscribers were in their quiet hours",
            },
            ["account-state"] = account,
            ["subscriber-state"] = state,
            ["cdr-batch"] = batch,
            ["subscriber-batch"] = new SubscriberBatch(2, 655_360_001, [cdr], [incoming], T, 655_360_000, Replayed: true),
            ["redis-batch"] = new RedisBatchContainer
            {
                StreamId = StreamId.Create("cdr", "2"),
                Events = [batch],
                RequestContext = new Dictionary<string, object> { ["trace"] = "abc" },
                Token = new EventSequenceTokenV2(655_360_001),
            },
            ["traffic-history"] = traffic,
            ["campaign-registry-state"] = new CampaignRegistryState
            {
                Version = 7, Campaigns = { [definition.Id] = record },
                Policy = new ContactPolicy { MaxPerDay = 2, MaxPerWeek = 5, QuietHours = "21:00-08:00", GlobalControlShare = 0.05, Revision = 2, ChangedUtc = T },
            },
            ["campaign-history-state"] = new CampaignHistoryState { Revisions = [record with { Revision = 2, Status = CampaignStatus.Active }, record] },
            ["campaign-budget-state"] = new CampaignBudgetState { Limit = 10, Taken = 4 },
            ["campaign-results-state"] = new CampaignResultsState { Campaigns = { ["night-pack"] = new CampaignResults(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19) } },
            ["example-book"] = Book(),
            ["model-state"] = new ModelState { Versions = [Version()], Current = 1, LastVersion = 1, LastError = "not trained: too few", LastErrorUtc = T },
            ["model-registry-state"] = new ModelRegistryState { Revision = 3, Models = { ["night-pack"] = new PublishedModel(2, Logistic()) } },
            ["directory-state"] = new DirectoryState { Version = 2, Numbers = { ["+442071234567"] = CalleeCategory.Banking }, Source = "directory.csv" },
            ["roster-shard"] = new RosterShard { Members = ["+447700900001", "+447700900002"] },
        };
    }
}
