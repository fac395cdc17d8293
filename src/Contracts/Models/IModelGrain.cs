using Orleans.Concurrency;

namespace Cdr.Orleans.Contracts.Models;

/// <summary>
/// One campaign's propensity models (key: the campaign id): trains on its example book off the CDR path, gates the
/// candidate, keeps every version, and publishes the current one to <see cref="IModelRegistryGrain"/>.
/// </summary>
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>Trains now and returns the new version (promoted or rejected), or why training could not run.</summary>
    Task<ModelCommandResult> TrainAsync();

    /// <summary>Starts a training unless one is running (the example book's trigger); returns at once.</summary>
    [OneWay]
    Task TrainSoonAsync();

    [AlwaysInterleave]
    Task<ModelHistory> GetAsync();

    /// <summary>Makes a version current by hand (a rejected one too); the gate is not asked.</summary>
    Task<ModelCommandResult> PromoteAsync(int version);

    /// <summary>Makes an earlier promoted version current again.</summary>
    Task<ModelCommandResult> RollbackAsync(int version);
}

/// <summary>
/// The current model of every campaign (key 0), versioned as a whole like the campaign catalog: each silo asks for
/// it when its revision changed and builds one scorer per model version.
/// </summary>
public interface IModelRegistryGrain : IGrainWithIntegerKey
{
    Task PublishAsync(string campaignId, int version, PropensityModel model);

    /// <summary>The current models when the registry's revision differs from <paramref name="revision"/>; null when it does not.</summary>
    [AlwaysInterleave]
    Task<ModelCatalogSnapshot?> GetIfChangedAsync(long revision);
}

[GenerateSerializer, Immutable, Alias("model-catalog-snapshot.v1")]
public sealed record ModelCatalogSnapshot(
    [property: Id(0)] long Revision,
    [property: Id(1)] IReadOnlyDictionary<string, PublishedModel> Models);

[GenerateSerializer, Immutable, Alias("published-model.v1")]
public sealed record PublishedModel([property: Id(0)] int Version, [property: Id(1)] PropensityModel Model);
