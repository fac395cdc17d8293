namespace Cdr.Orleans.Contracts.Models;

/// <summary>
/// How well scores rank and predict labels on a set of examples (a model's holdout). <see cref="Auc"/>: the chance a
/// random acceptance scores above a random decline (0.5 is a coin). <see cref="LogLoss"/>: mean −ln of the probability
/// given to what happened. <see cref="Brier"/>: mean squared error of the probability. <see cref="Error"/>: the share
/// misclassified at 0.5 (the replaced system's figure). <see cref="TopDecileLift"/>: the acceptance rate of the top
/// tenth by score over the overall rate.
/// </summary>
[GenerateSerializer, Immutable, Alias("model-metrics.v1")]
public sealed record ModelMetrics(
    [property: Id(0)] int Examples,
    [property: Id(1)] int Accepted,
    [property: Id(2)] double Auc,
    [property: Id(3)] double LogLoss,
    [property: Id(4)] double Brier,
    [property: Id(5)] double Error,
    [property: Id(6)] double TopDecileLift);
