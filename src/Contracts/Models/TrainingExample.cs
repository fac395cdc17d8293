namespace Cdr.Orleans.Contracts.Models;

/// <summary>
/// One labelled offer decision: the subscriber's features as they were when the decision was made (nothing from after
/// it), and whether the offer was accepted. Split by <see cref="DecidedUtc"/>: the newest are the holdout.
/// </summary>
[GenerateSerializer, Immutable, Alias("training-example.v1")]
public sealed record TrainingExample(
    [property: Id(0)] string OfferId,
    [property: Id(1)] DateTime DecidedUtc,
    [property: Id(2)] IReadOnlyList<float> Features,
    [property: Id(3)] bool Accepted);
