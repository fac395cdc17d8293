namespace Cdr.Orleans.Contracts.Models;

/// <summary>Which learner made a model.</summary>
public enum ModelKind : byte
{
    /// <summary>A logistic regression on standardised features (the replaced system's model).</summary>
    Logistic = 0,

    /// <summary>Gradient-boosted regression trees (ML.NET FastTree) with a Platt calibration.</summary>
    BoostedTrees = 1,
}

/// <summary>
/// A trained propensity model as it is stored and sent to every silo: everything a managed scorer needs, and nothing
/// of ML.NET. Score s = <see cref="Bias"/> + either Σ <see cref="Weights"/>[i] · (x[i] − <see cref="Means"/>[i]) ·
/// <see cref="Scales"/>[i] (logistic) or Σ tree weight · leaf value (trees); probability = 1 / (1 + exp(<see
/// cref="PlattSlope"/> · s + <see cref="PlattOffset"/>)). <see cref="FeatureNames"/> pins the feature layout it was
/// trained on; a model whose names differ from the engine's is refused, never scored on the wrong columns.
/// </summary>
[GenerateSerializer, Immutable, Alias("propensity-model.v1")]
public sealed record PropensityModel(
    [property: Id(0)] ModelKind Kind,
    [property: Id(1)] IReadOnlyList<string> FeatureNames,
    [property: Id(2)] double Bias,
    [property: Id(3)] double PlattSlope,
    [property: Id(4)] double PlattOffset,
    [property: Id(5)] IReadOnlyList<double>? Weights = null,
    [property: Id(6)] IReadOnlyList<double>? Means = null,
    [property: Id(7)] IReadOnlyList<double>? Scales = null,
    [property: Id(8)] IReadOnlyList<ModelTree>? Trees = null);

/// <summary>
/// One regression tree, as arrays by node: at node n, go left when x[<see cref="Features"/>[n]] ≤ <see
/// cref="Thresholds"/>[n], else right; a child below zero is the leaf ~child. Its output is <see cref="Weight"/> ·
/// <see cref="Leaves"/>[leaf].
/// </summary>
[GenerateSerializer, Immutable, Alias("model-tree.v1")]
public sealed record ModelTree(
    [property: Id(0)] double Weight,
    [property: Id(1)] IReadOnlyList<int> Features,
    [property: Id(2)] IReadOnlyList<float> Thresholds,
    [property: Id(3)] IReadOnlyList<int> Left,
    [property: Id(4)] IReadOnlyList<int> Right,
    [property: Id(5)] IReadOnlyList<double> Leaves);
