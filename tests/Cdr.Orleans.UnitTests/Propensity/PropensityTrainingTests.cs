using Cdr.Orleans.Contracts.Models;
using Cdr.Orleans.Domain.Propensity;
using Cdr.Orleans.Learning;

namespace Cdr.Orleans.Tests.Propensity;

/// <summary>The trainer, its gate and the managed scorer, on examples whose labels follow known features (or nothing).</summary>
public sealed class PropensityTrainingTests
{
    private static readonly DateTime T0 = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Random feature vectors; the label is drawn from a known probability of a few columns (or from a coin).</summary>
    private static List<TrainingExample> Examples(int count, int seed, bool shuffled = false)
    {
        var random = new Random(seed);
        var examples = new List<TrainingExample>(count);
        for (var i = 0; i < count; i++)
        {
            var x = new float[PropensityFeatures.Count];
            for (var f = 0; f < x.Length; f++)
            {
                x[f] = (float)(random.NextDouble() * (f % 5 + 1));
            }
            var truth = TrueProbability(x);
            var accepted = random.NextDouble() < (shuffled ? 0.3 : truth);
            examples.Add(new TrainingExample($"offer-{i}", T0.AddMinutes(i), x, accepted));
        }
        return examples;
    }

    /// <summary>Acceptance rises with column 1 (the last hour's voice minutes), falls with column 9, and jumps above 2.5 on column 20.</summary>
    private static double TrueProbability(float[] x) => 1 / (1 + Math.Exp(-(2.0 * x[1] - 1.2 * x[9] + (x[20] > 2.5 ? 1.5 : -1.0) - 1.0)));

    [Fact]
    public void Given_labels_that_follow_known_features_When_trained_Then_the_candidate_ranks_them_well_and_the_gate_promotes_it()
    {
        var result = PropensityTrainer.Train(Examples(4_000, seed: 1), current: null);

        Assert.True(result.Candidate.Holdout.Auc > 0.8, $"holdout AUC {result.Candidate.Holdout.Auc}");
        Assert.True(result.Promote, result.Reason);
        Assert.Equal(3_200, result.TrainCount);
        Assert.Equal(800, result.Candidate.Holdout.Examples);
        Assert.Contains(result.Strongest.Take(3), s => s.Feature == PropensityFeatures.Names[1]);
        Assert.True(result.Candidate.Holdout.TopDecileLift > 1.5, $"lift {result.Candidate.Holdout.TopDecileLift}");
    }

    [Fact]
    public void Given_shuffled_labels_When_trained_Then_the_gate_refuses_the_model_and_says_why()
    {
        var result = PropensityTrainer.Train(Examples(2_000, seed: 2, shuffled: true), current: null);

        Assert.False(result.Promote);
        Assert.Contains("is below the minimum 0.60", result.Reason);
    }

    [Fact]
    public void Given_a_current_model_When_the_candidate_ranks_worse_on_the_same_holdout_Then_it_is_refused()
    {
        var good = PropensityTrainer.Train(Examples(4_000, seed: 3), current: null);
        var worse = PropensityTrainer.Train(Examples(4_000, seed: 3).Select((e, i) => i % 3 == 0 ? e with { Accepted = !e.Accepted } : e).ToList(),
            current: good.Candidate.Model, new TrainerOptions(MinAuc: 0.5));

        Assert.NotNull(worse.Current);
        Assert.False(worse.Promote, worse.Reason);
        Assert.Contains("below the current model's", worse.Reason);
    }

    [Theory]
    [InlineData(ModelKind.Logistic)]
    [InlineData(ModelKind.BoostedTrees)]
    public void Given_a_trained_model_When_the_managed_scorer_scores_1000_vectors_Then_it_equals_ml_net_within_1e_5(ModelKind kind)
    {
        var result = PropensityTrainer.Train(Examples(3_000, seed: 4), current: null);
        var trained = kind == ModelKind.Logistic ? result.Logistic : result.Trees;
        var scorer = PropensityScorer.TryCreate(trained.Model, out var error);
        Assert.Null(error);
        var vectors = Examples(1_000, seed: 5).Select(e => e.Features.ToArray()).ToList();

        var reference = PropensityTrainer.PredictWithMlNet(trained, vectors);

        var worst = vectors.Select((v, i) => Math.Abs(scorer!.Score(v) - reference[i])).Max();
        Assert.True(worst <= 1e-5, $"largest difference {worst}");
        if (kind == ModelKind.BoostedTrees)
        {
            Assert.True(trained.Model.Trees!.Count > 10);
        }
    }

    [Fact]
    public void Given_too_few_examples_or_one_class_When_trained_Then_the_message_says_what_is_needed()
    {
        var few = Assert.Throws<NotTrainableException>(() => PropensityTrainer.Train(Examples(50, seed: 6), current: null));
        Assert.Equal("50 labelled examples; training needs at least 200 (responses to sent offers, or offers past their response window)", few.Message);

        var declinedOnly = Examples(500, seed: 7).Select(e => e with { Accepted = false }).ToList();
        var one = Assert.Throws<NotTrainableException>(() => PropensityTrainer.Train(declinedOnly, current: null));
        Assert.StartsWith("the examples hold 0 acceptances and 400 declines to train on, 0 and 100 to test on; training needs at least 20 of each", one.Message);
    }

    [Fact]
    public void Given_a_model_of_other_features_or_a_damaged_tree_When_a_scorer_is_made_Then_it_is_refused_with_the_reason()
    {
        var trees = PropensityTrainer.Train(Examples(1_000, seed: 8), current: null).Trees.Model;

        Assert.Null(PropensityScorer.TryCreate(trees with { FeatureNames = ["1h.Calls"] }, out var names));
        Assert.Contains("trained on other features (1 columns) than this engine computes", names);

        var loop = trees.Trees![0] with { Left = [0, .. trees.Trees[0].Left.Skip(1)] };
        Assert.Null(PropensityScorer.TryCreate(trees with { Trees = [loop, .. trees.Trees.Skip(1)] }, out var damaged));
        Assert.Equal("tree 0: node 0 has a child 0 that is not a later node or a leaf", damaged);
    }

    [Fact]
    public void Given_known_scores_When_measured_Then_auc_errors_and_lift_are_the_textbook_values()
    {
        // 10 examples: the four acceptances score 0.9, 0.8, 0.6 and 0.3; one decline ties at 0.6.
        double[] p = [0.9, 0.8, 0.6, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05];
        bool[] y = [true, true, true, false, false, false, true, false, false, false];

        var m = ModelQuality.Measure(p, y);

        // Pairs (acceptance above decline): 0.9 and 0.8 beat 6 each; 0.6 beats 5 and ties 1; 0.3 beats 3: (12 + 5.5 + 3) / 24.
        Assert.Equal(20.5 / 24, m.Auc, 12);
        Assert.Equal(0.3, m.Error, 12); // 0.6 and 0.5 (declines, at or above 0.5) and 0.3 (an acceptance below it)
        Assert.Equal(2.5, m.TopDecileLift, 12); // top 1 of 10 is an acceptance: 1 / 0.4
        Assert.Equal((4, 10), (m.Accepted, m.Examples));
    }
}
