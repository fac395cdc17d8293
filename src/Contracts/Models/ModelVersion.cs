namespace Cdr.Orleans.Contracts.Models;

/// <summary>
/// One training of a campaign's model: the candidate (the better of both learners on the holdout), its metrics, the
/// other learner's, the current model's on the same holdout, the gate's decision and reason, its strongest features,
/// a histogram of its holdout scores (ten bins of 0.1), and the model itself. <see cref="Promoted"/>: it became the
/// current model (by the gate, or by hand: <see cref="Reason"/> says which).
/// </summary>
[GenerateSerializer, Immutable, Alias("model-version.v1")]
public sealed record ModelVersion(
    [property: Id(0)] int Version,
    [property: Id(1)] DateTime TrainedUtc,
    [property: Id(2)] ModelKind Kind,
    [property: Id(3)] ModelMetrics Holdout,
    [property: Id(4)] ModelMetrics OtherKind,
    [property: Id(5)] ModelMetrics? CurrentOnSameHoldout,
    [property: Id(6)] bool Promoted,
    [property: Id(7)] string Reason,
    [property: Id(8)] IReadOnlyList<FeatureWeight> Strongest,
    [property: Id(9)] IReadOnlyList<int> Histogram,
    [property: Id(10)] int TrainExamples,
    [property: Id(11)] double TrainSeconds,
    [property: Id(12)] PropensityModel Model);

/// <summary>A feature and its weight in a model (logistic: |weight| on standardised features; trees: split gain).</summary>
[GenerateSerializer, Immutable, Alias("feature-weight.v1")]
public sealed record FeatureWeight([property: Id(0)] string Feature, [property: Id(1)] double Weight);

/// <summary>
/// A campaign's models: every version kept (newest last), which is current, and the last training that could not run
/// (too few examples, one class only) with its message.
/// </summary>
[GenerateSerializer, Immutable, Alias("model-history.v1")]
public sealed record ModelHistory(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] int? Current,
    [property: Id(2)] IReadOnlyList<ModelVersion> Versions,
    [property: Id(3)] string? LastError = null,
    [property: Id(4)] DateTime? LastErrorUtc = null,
    [property: Id(5)] bool Training = false);

/// <summary>What a model command did: <see cref="Ok"/>, and a message for people either way.</summary>
[GenerateSerializer, Immutable, Alias("model-command-result.v1")]
public sealed record ModelCommandResult([property: Id(0)] bool Ok, [property: Id(1)] string Message, [property: Id(2)] ModelVersion? Version = null);
