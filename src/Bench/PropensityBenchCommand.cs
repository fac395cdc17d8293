using System.Diagnostics;
using System.Globalization;
using Cdr.Orleans.Contracts.Models;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Domain.Propensity;
using Cdr.Orleans.Generator.Running;
using Cdr.Orleans.Generator.Synthesis;
using Cdr.Orleans.Learning;

namespace Cdr.Orleans.Bench;

/// <summary>
/// <c>bench propensity [SUBSCRIBERS] [EXAMPLES] [OFFER]</c>: the generator's population folded through the domain (no
/// cluster); at random CDRs an offer is decided, its features taken as the grain takes them, and its response drawn
/// from the generator's true acceptance probability for the subscriber's persona and the offer (what
/// <c>--respond</c> answers with). Then the engine's trainer runs on those examples, and it prints: training time,
/// both learners' holdout AUC next to the AUC of the true probabilities on the same holdout (the ceiling a model can
/// reach), the acceptance of the same number of offers sent to the model's top scores against sent at random, and
/// the managed scorer's nanoseconds per score.
/// </summary>
public static class PropensityBenchCommand
{
    /// <summary>
    /// Examples as the grains make them: the population folded (a week first), an offer decided at 5% of CDRs with the
    /// features then, answered by a draw from the generator's true acceptance of that persona and offer.
    /// </summary>
    public static (List<TrainingExample> Examples, Dictionary<string, double> Truth, Dictionary<string, SubscriberState> States) MakeExamples(
        int subscribers, int wanted, string offer)
    {
        var population = Population.Create(subscribers, seed: 42, new DateOnly(2025, 1, 1));
        var states = population.Profiles().ToDictionary(p => p.Msisdn, p => new SubscriberState { Profile = p }, StringComparer.Ordinal);
        var personas = population.Msisdns.Select((m, i) => (m, population.Personas[i])).ToDictionary(x => x.m, x => x.Item2, StringComparer.Ordinal);
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var synthesizer = new CdrSynthesizer(population, 42, start, subscribers * 40 / 86_400.0);
        var random = new Random(7);
        var examples = new List<TrainingExample>(wanted);
        var truth = new Dictionary<string, double>(StringComparer.Ordinal);
        var warmUp = start.AddDays(7); // a week of history first, so the windows hold something
        while (examples.Count < wanted)
        {
            if (CdrIntake.Accept(synthesizer.Next(), DateTime.MaxValue.AddDays(-2), TimeSpan.Zero, out _, out _) is not { } cdr || !states.TryGetValue(cdr.Caller, out var state))
            {
                continue;
            }
            SubscriberFold.ApplyOutgoing(state, cdr, HomeNetwork.Default);
            if (CdrIntake.ReachesCallee(cdr, HomeNetwork.Default) && states.TryGetValue(cdr.Callee, out var callee))
            {
                SubscriberFold.ApplyIncoming(callee, cdr);
            }
            if (cdr.StartUtc < warmUp || random.NextDouble() > 0.05)
            {
                continue;
            }
            var p = OfferResponder.AcceptanceOf(personas[cdr.Caller], offer);
            var id = $"o{examples.Count}";
            truth[id] = p;
            examples.Add(new TrainingExample(id, cdr.StartUtc, PropensityFeatures.Of(state), random.NextDouble() < p));
        }
        return (examples, truth, states);
    }

    public static int Run(int subscribers, int wanted, string offer)
    {
        Console.WriteLine($"propensity: {subscribers:N0} subscribers, {wanted:N0} examples of offer {offer}, responses drawn from the generator's true acceptance");
        var watch = Stopwatch.StartNew();
        var (examples, truth, states) = MakeExamples(subscribers, wanted, offer);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  examples made in {watch.Elapsed.TotalSeconds:N1} s; accepted {examples.Count(x => x.Accepted):N0} ({examples.Average(x => x.Accepted ? 1.0 : 0):P1})"));

        watch.Restart();
        var result = PropensityTrainer.Train(examples, current: null);
        var trainSeconds = watch.Elapsed.TotalSeconds;
        var holdout = examples.OrderBy(x => x.DecidedUtc).ThenBy(x => x.OfferId, StringComparer.Ordinal).Skip(result.TrainCount).ToList();
        var ceiling = ModelQuality.Measure([.. holdout.Select(x => truth[x.OfferId])], [.. holdout.Select(x => x.Accepted)]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  trained both learners on {result.TrainCount:N0} examples in {trainSeconds:N1} s; holdout {holdout.Count:N0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  holdout AUC: logistic {result.Logistic.Holdout.Auc:0.000}, boosted trees {result.Trees.Holdout.Auc:0.000}, candidate {result.Candidate.Kind} {result.Candidate.Holdout.Auc:0.000}; ceiling (true probabilities) {ceiling.Auc:0.000}; gap {ceiling.Auc - result.Candidate.Holdout.Auc:0.000}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  candidate: log-loss {result.Candidate.Holdout.LogLoss:0.000}, Brier {result.Candidate.Holdout.Brier:0.000}, error {result.Candidate.Holdout.Error:P1}, top-decile lift {result.Candidate.Holdout.TopDecileLift:0.00}; gate: {(result.Promote ? "promoted" : "rejected")}, {result.Reason}"));

        // The same number of offers (a fifth of the holdout), to the model's top scores or at random: expected acceptance.
        var scores = result.HoldoutScores;
        var k = Math.Max(1, holdout.Count / 5);
        var targeted = Enumerable.Range(0, holdout.Count).OrderByDescending(i => scores[i]).Take(k).Average(i => truth[holdout[i].OfferId]);
        var untargeted = holdout.Average(x => truth[x.OfferId]);
        var best = holdout.Select(x => truth[x.OfferId]).OrderDescending().Take(k).Average();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {k:N0} offers: to the model's top scores {targeted:P1} accept, at random {untargeted:P1}: {targeted / untargeted:0.00} times; to the true top {best:P1}: {best / untargeted:0.00} times (the ceiling)"));

        var scorer = PropensityScorer.TryCreate(result.Candidate.Model, out _)!;
        var vectors = holdout.Take(1_000).Select(x => x.Features.ToArray()).ToArray();
        double sink = 0;
        for (var i = 0; i < 100_000; i++)
        {
            sink += scorer.Score(vectors[i % vectors.Length]); // warm-up
        }
        watch.Restart();
        const int Scores = 2_000_000;
        for (var i = 0; i < Scores; i++)
        {
            sink += scorer.Score(vectors[i % vectors.Length]);
        }
        var ns = watch.Elapsed.TotalMilliseconds * 1e6 / Scores;
        var features = Stopwatch.StartNew();
        var sample = states.Values.Take(1_000).ToArray();
        for (var i = 0; i < 200_000; i++)
        {
            sink += PropensityFeatures.Of(sample[i % sample.Length])[0];
        }
        var featureNs = features.Elapsed.TotalMilliseconds * 1e6 / 200_000;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  scoring ({result.Candidate.Kind}): {ns:N0} ns per score; computing the features: {featureNs:N0} ns per subscriber"));
        GC.KeepAlive(sink);
        return 0;
    }
}
