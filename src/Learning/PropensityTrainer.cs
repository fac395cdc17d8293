using Cdr.Orleans.Contracts.Models;
using Cdr.Orleans.Domain.Propensity;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace Cdr.Orleans.Learning;

/// <summary>How training splits, fits and gates. Defaults: the newest 20% are the holdout, AUC at least 0.6.</summary>
public sealed record TrainerOptions(
    double MinAuc = ModelGate.DefaultMinAuc,
    double HoldoutShare = 0.2,
    int MinExamples = 200,
    int MinPerClass = 20,
    int Trees = 100,
    int Leaves = 16,
    int MinExamplesPerLeaf = 20,
    double LearningRate = 0.1,
    int Seed = 1);

/// <summary>One learner's model, its holdout metrics, and the ML.NET model it was read from (to check the scorer against).</summary>
public sealed record TrainedModel(ModelKind Kind, PropensityModel Model, ModelMetrics Holdout, ITransformer MlNet);

/// <summary>
/// Both learners' models, the better on the holdout as the candidate, the current model's metrics on the same holdout,
/// and the gate's decision with its reason. <see cref="Strongest"/>: the candidate's features by weight (logistic:
/// |weight| on standardised features; trees: split gain), largest first.
/// </summary>
public sealed record TrainingResult(
    TrainedModel Logistic,
    TrainedModel Trees,
    TrainedModel Candidate,
    ModelMetrics? Current,
    bool Promote,
    string Reason,
    IReadOnlyList<(string Feature, double Weight)> Strongest,
    int TrainCount,
    IReadOnlyList<double> HoldoutScores);

/// <summary>Training cannot start on these examples (too few, or one class only); the message says what is needed.</summary>
public sealed class NotTrainableException(string message) : Exception(message);

/// <summary>
/// Trains a logistic regression and gradient-boosted trees (ML.NET) on labelled decisions, split by time, and reads
/// each into a <see cref="PropensityModel"/> for the Domain's managed scorer. Every metric is the scorer's, so the
/// candidate, the current model and the ceiling are measured by the same code. Runs off the CDR path.
/// </summary>
public static class PropensityTrainer
{
    private const string Label = "Label";
    private const string Features = "Features";

    public static TrainingResult Train(IReadOnlyList<TrainingExample> examples, PropensityModel? current, TrainerOptions? options = null)
    {
        options ??= new TrainerOptions();
        var width = PropensityFeatures.Count;
        var bad = examples.FirstOrDefault(e => e.Features.Count != width || e.Features.Any(f => !float.IsFinite(f)));
        if (bad is not null)
        {
            throw new NotTrainableException($"example {bad.OfferId} has {bad.Features.Count} features or a non-finite one; this engine computes {width}");
        }
        var ordered = examples.OrderBy(e => e.DecidedUtc).ThenBy(e => e.OfferId, StringComparer.Ordinal).ToList();
        var holdoutCount = (int)Math.Round(ordered.Count * options.HoldoutShare);
        var train = ordered.Take(ordered.Count - holdoutCount).ToList();
        var holdout = ordered.Skip(train.Count).ToList();
        CheckTrainable(examples.Count, train, holdout, options);

        var ml = new MLContext(options.Seed);
        var (means, scales) = Standardisation(train, width);
        var logistic = FitLogistic(ml, train, holdout, means, scales);
        var trees = FitTrees(ml, train, holdout, options);
        var candidate = trees.Holdout.Auc > logistic.Holdout.Auc ? trees : logistic;

        var currentMetrics = current is not null && PropensityScorer.TryCreate(current, out _) is { } currentScorer
            ? ModelQuality.Measure(Scores(currentScorer, holdout), Labels(holdout))
            : null;
        var (promote, reason) = ModelGate.Decide(candidate.Holdout, currentMetrics, options.MinAuc);
        var scorer = PropensityScorer.TryCreate(candidate.Model, out _)!;
        return new TrainingResult(logistic, trees, candidate, currentMetrics, promote, reason, Strongest(candidate), train.Count,
            Scores(scorer, holdout));
    }

    /// <summary>ML.NET's own probabilities for these vectors (the reference the managed scorer is tested against).</summary>
    public static IReadOnlyList<float> PredictWithMlNet(TrainedModel trained, IReadOnlyList<float[]> vectors)
    {
        var ml = new MLContext(1);
        var rows = vectors.Select(v => new Row
        {
            Features = trained.Kind == ModelKind.Logistic ? Standardise(v, trained.Model.Means!, trained.Model.Scales!) : v,
        });
        var scored = trained.MlNet.Transform(ml.Data.LoadFromEnumerable(rows, Schema(vectors[0].Length)));
        return [.. ml.Data.CreateEnumerable<Prediction>(scored, reuseRowObject: false).Select(p => p.Probability)];
    }

    private static void CheckTrainable(int total, List<TrainingExample> train, List<TrainingExample> holdout, TrainerOptions options)
    {
        if (total < options.MinExamples)
        {
            throw new NotTrainableException($"{total} labelled examples; training needs at least {options.MinExamples} (responses to sent offers, or offers past their response window)");
        }
        var trainAccepted = train.Count(e => e.Accepted);
        var holdoutAccepted = holdout.Count(e => e.Accepted);
        var minHoldout = Math.Max(1, options.MinPerClass / 4);
        if (trainAccepted < options.MinPerClass || train.Count - trainAccepted < options.MinPerClass
            || holdoutAccepted < minHoldout || holdout.Count - holdoutAccepted < minHoldout)
        {
            throw new NotTrainableException(
                $"the examples hold {trainAccepted} acceptances and {train.Count - trainAccepted} declines to train on, {holdoutAccepted} and {holdout.Count - holdoutAccepted} to test on; " +
                $"training needs at least {options.MinPerClass} of each to train on and {minHoldout} of each to test on");
        }
    }

    private static TrainedModel FitLogistic(MLContext ml, List<TrainingExample> train, List<TrainingExample> holdout, double[] means, double[] scales)
    {
        var rows = train.Select(e => new Row { Label = e.Accepted, Features = Standardise(e.Features, means, scales) });
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = Label,
            FeatureColumnName = Features,
            NumberOfThreads = 1,
        });
        var fitted = trainer.Fit(ml.Data.LoadFromEnumerable(rows, Schema(means.Length)));
        var linear = fitted.Model.SubModel;
        var platt = fitted.Model.Calibrator;
        var model = new PropensityModel(ModelKind.Logistic, PropensityFeatures.Names, linear.Bias, platt.Slope, platt.Offset,
            Weights: [.. linear.Weights.Select(w => (double)w)], Means: means, Scales: scales);
        return Measured(model, fitted, holdout);
    }

    private static TrainedModel FitTrees(MLContext ml, List<TrainingExample> train, List<TrainingExample> holdout, TrainerOptions options)
    {
        var rows = train.Select(e => new Row { Label = e.Accepted, Features = [.. e.Features] });
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = Label,
            FeatureColumnName = Features,
            NumberOfTrees = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
            LearningRate = options.LearningRate,
            NumberOfThreads = 1,
        });
        var fitted = trainer.Fit(ml.Data.LoadFromEnumerable(rows, Schema(PropensityFeatures.Count)));
        var ensemble = fitted.Model.SubModel.TrainedTreeEnsemble;
        var trees = new List<ModelTree>(ensemble.Trees.Count);
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            if (tree.CategoricalSplitFlags.Any(c => c))
            {
                throw new InvalidOperationException("FastTree made a categorical split; the features are all numeric, so this is not expected");
            }
            trees.Add(new ModelTree(ensemble.TreeWeights[t], [.. tree.NumericalSplitFeatureIndexes], [.. tree.NumericalSplitThresholds],
                [.. tree.LeftChild], [.. tree.RightChild], [.. tree.LeafValues]));
        }
        var platt = fitted.Model.Calibrator;
        var model = new PropensityModel(ModelKind.BoostedTrees, PropensityFeatures.Names, ensemble.Bias, platt.Slope, platt.Offset, Trees: trees);
        return Measured(model, fitted, holdout);
    }

    private static TrainedModel Measured(PropensityModel model, ITransformer fitted, List<TrainingExample> holdout)
    {
        var scorer = PropensityScorer.TryCreate(model, out var error)
            ?? throw new InvalidOperationException($"the {model.Kind} model ML.NET made cannot be scored: {error}");
        return new TrainedModel(model.Kind, model, ModelQuality.Measure(Scores(scorer, holdout), Labels(holdout)), fitted);
    }

    private static IReadOnlyList<(string, double)> Strongest(TrainedModel candidate)
    {
        double[] weights;
        if (candidate.Kind == ModelKind.Logistic)
        {
            weights = [.. candidate.Model.Weights!.Select(Math.Abs)];
        }
        else
        {
            var gains = default(VBuffer<float>);
            ((BinaryPredictionTransformer<Microsoft.ML.Calibrators.CalibratedModelParametersBase<FastTreeBinaryModelParameters, Microsoft.ML.Calibrators.PlattCalibrator>>)candidate.MlNet)
                .Model.SubModel.GetFeatureWeights(ref gains);
            weights = [.. gains.DenseValues().Select(g => (double)g)];
        }
        return [.. weights.Select((w, i) => (PropensityFeatures.Names[i], w)).Where(f => f.w > 0).OrderByDescending(f => f.w).Take(10)];
    }

    private static (double[] Means, double[] Scales) Standardisation(List<TrainingExample> train, int width)
    {
        var means = new double[width];
        var scales = new double[width];
        for (var i = 0; i < width; i++)
        {
            var mean = train.Average(e => (double)e.Features[i]);
            var variance = train.Average(e => (e.Features[i] - mean) * (e.Features[i] - mean));
            means[i] = mean;
            scales[i] = variance > 1e-12 ? 1 / Math.Sqrt(variance) : 0; // a constant column carries nothing: it scores 0
        }
        return (means, scales);
    }

    private static float[] Standardise(IReadOnlyList<float> x, IReadOnlyList<double> means, IReadOnlyList<double> scales)
    {
        var z = new float[x.Count];
        for (var i = 0; i < z.Length; i++)
        {
            z[i] = (float)((x[i] - means[i]) * scales[i]);
        }
        return z;
    }

    private static double[] Scores(PropensityScorer scorer, List<TrainingExample> examples) =>
        [.. examples.Select(e => scorer.Score(e.Features is float[] array ? array : [.. e.Features]))];

    private static bool[] Labels(List<TrainingExample> examples) => [.. examples.Select(e => e.Accepted)];

    private static SchemaDefinition Schema(int width)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }

    private sealed class Row
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }

    private sealed class Prediction
    {
        public float Probability { get; set; }
    }
}
