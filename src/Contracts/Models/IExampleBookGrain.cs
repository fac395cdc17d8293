namespace Cdr.Orleans.Contracts.Models;

/// <summary>
/// One campaign's training examples (key: the campaign id): the features of each sent offer from the moment of its
/// decision, labelled by the subscriber's response or, after the response window, as declined.
/// </summary>
public interface IExampleBookGrain : IGrainWithStringKey
{
    /// <summary>Keeps sent offers' features until their responses; an offer already kept (a replayed CDR) is ignored.</summary>
    Task AddAsync(IReadOnlyList<DecidedExample> decided);

    /// <summary>Labels a waiting offer; false when it is not waiting (unknown, labelled already, or its book was full).</summary>
    Task<bool> RespondAsync(string offerId, bool accepted);

    Task<ExampleCounts> GetCountsAsync();

    /// <summary>The labelled examples, oldest first (at most the book's capacity).</summary>
    Task<IReadOnlyList<TrainingExample>> GetLabelledAsync();
}

/// <summary>A sent offer's features as they were when it was decided (<see cref="DecidedUtc"/>: the silo's clock then).</summary>
[GenerateSerializer, Immutable, Alias("decided-example.v1")]
public sealed record DecidedExample(
    [property: Id(0)] string OfferId,
    [property: Id(1)] DateTime DecidedUtc,
    [property: Id(2)] IReadOnlyList<float> Features);

/// <summary>What a campaign's book holds: offers waiting for a response, labelled examples (and how many accepted), and all labelled since it began.</summary>
[GenerateSerializer, Immutable, Alias("example-counts.v1")]
public sealed record ExampleCounts(
    [property: Id(0)] int Waiting,
    [property: Id(1)] int Labelled,
    [property: Id(2)] int Accepted,
    [property: Id(3)] long LabelledTotal);
