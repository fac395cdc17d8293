using Cdr.Orleans.Contracts.Models;

namespace Cdr.Orleans.Domain.Propensity;

/// <summary>
/// Scores a feature vector with a <see cref="PropensityModel"/>: built once per model version, then shared by every
/// grain of the silo (it holds only arrays and never changes, so it is thread-safe) and allocation-free per call,
/// unlike an ML.NET PredictionEngine. Equal to ML.NET's own probability within 1e-5 (tested on 1,000 vectors).
/// </summary>
public sealed class PropensityScorer
{
    private readonly ModelKind kind;
    private readonly double bias;
    private readonly double slope;
    private readonly double offset;
    private readonly double[] weights = [];
    private readonly double[] means = [];
    private readonly double[] scales = [];
    private readonly Tree[] trees = [];

    private PropensityScorer(PropensityModel model)
    {
        (kind, bias, slope, offset) = (model.Kind, model.Bias, model.PlattSlope, model.PlattOffset);
        if (kind == ModelKind.Logistic)
        {
            weights = [.. model.Weights!];
            means = [.. model.Means!];
            scales = [.. model.Scales!];
        }
        else
        {
            trees = [.. model.Trees!.Select(t => new Tree(t.Weight, [.. t.Features], [.. t.Thresholds], [.. t.Left], [.. t.Right], [.. t.Leaves]))];
        }
    }

    /// <summary>
    /// A scorer for <paramref name="model"/>, or null with the reason when it cannot score this engine's features:
    /// trained on other columns, or its arrays do not fit together (a stored model damaged or from elsewhere).
    /// </summary>
    public static PropensityScorer? TryCreate(PropensityModel model, out string? error)
    {
        error = Check(model);
        return error is null ? new PropensityScorer(model) : null;
    }

    /// <summary>The probability (0 to 1) that the subscriber with features <paramref name="x"/> accepts.</summary>
    public double Score(ReadOnlySpan<float> x)
    {
        var score = bias;
        if (kind == ModelKind.Logistic)
        {
            for (var i = 0; i < weights.Length; i++)
            {
                score += weights[i] * ((x[i] - means[i]) * scales[i]);
            }
        }
        else
        {
            foreach (var tree in trees)
            {
                score += tree.Output(x);
            }
        }
        return 1 / (1 + Math.Exp(slope * score + offset));
    }

    private static string? Check(PropensityModel model)
    {
        var names = PropensityFeatures.Names;
        if (model.FeatureNames is null || !model.FeatureNames.SequenceEqual(names))
        {
            return $"the model was trained on other features ({model.FeatureNames?.Count ?? 0} columns) than this engine computes ({names.Count}); train it again";
        }
        if (!double.IsFinite(model.Bias) || !double.IsFinite(model.PlattSlope) || !double.IsFinite(model.PlattOffset))
        {
            return "the model's bias or calibration is not a finite number";
        }
        if (model.Kind == ModelKind.Logistic)
        {
            return model.Weights?.Count == names.Count && model.Means?.Count == names.Count && model.Scales?.Count == names.Count
                && model.Weights.Concat(model.Means).Concat(model.Scales).All(double.IsFinite)
                ? null
                : $"a logistic model needs {names.Count} finite weights, means and scales";
        }
        if (model.Kind != ModelKind.BoostedTrees || model.Trees is not { Count: > 0 } trees)
        {
            return $"unknown model kind {model.Kind}, or a tree model without trees";
        }
        for (var t = 0; t < trees.Count; t++)
        {
            if (CheckTree(trees[t], names.Count) is { } problem)
            {
                return $"tree {t}: {problem}";
            }
        }
        return null;
    }

    private static string? CheckTree(ModelTree tree, int features)
    {
        var nodes = tree.Features.Count;
        if (tree.Thresholds.Count != nodes || tree.Left.Count != nodes || tree.Right.Count != nodes || tree.Leaves.Count != nodes + 1)
        {
            return $"{nodes} splits need as many thresholds and children and {nodes + 1} leaves";
        }
        if (tree.Features.Any(f => f < 0 || f >= features))
        {
            return $"a split on a feature outside 0..{features - 1}";
        }
        // Children point forward (to a later node) or to a leaf, so a walk always ends.
        for (var n = 0; n < nodes; n++)
        {
            foreach (var child in (int[])[tree.Left[n], tree.Right[n]])
            {
                if (child >= 0 ? child <= n || child >= nodes : ~child > nodes)
                {
                    return $"node {n} has a child {child} that is not a later node or a leaf";
                }
            }
        }
        return tree.Leaves.All(double.IsFinite) && double.IsFinite(tree.Weight) ? null : "a leaf or weight is not finite";
    }

    private sealed record Tree(double Weight, int[] Features, float[] Thresholds, int[] Left, int[] Right, double[] Leaves)
    {
        public double Output(ReadOnlySpan<float> x)
        {
            if (Features.Length == 0)
            {
                return Weight * Leaves[0];
            }
            var node = 0;
            while (node >= 0)
            {
                node = x[Features[node]] <= Thresholds[node] ? Left[node] : Right[node];
            }
            return Weight * Leaves[~node];
        }
    }
}
