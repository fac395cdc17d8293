using Orleans.Concurrency;

namespace Cdr.Orleans.Contracts.Callees;

/// <summary>What kind of party a called number belongs to, from the number directory. Unknown numbers are <see cref="Private"/>.</summary>
public enum CalleeCategory
{
    Private = 0,
    Business,
    Banking,
    School,
    Clinic,
    Dentist,
    Housing,
    Rental,
    Travel,
    Airline,
    Hotel,
    Restaurant,
    Retail,
    Government,
    Emergency,
}

/// <summary>The broader group of a <see cref="CalleeCategory"/>.</summary>
public enum CategoryTag
{
    Private = 0,
    Business,
    Agency,
    Education,
    Health,
    Advertising,
    Emergency,
}

public static class CalleeCategories
{
    /// <summary>
    /// Each category's tag: Business (business, banking, airline, hotel), Agency (housing, rental, travel, government),
    /// Education (school), Health (clinic, dentist), Advertising (restaurant, retail), Emergency, Private.
    /// </summary>
    public static CategoryTag TagOf(CalleeCategory category) => category switch
    {
        CalleeCategory.Business or CalleeCategory.Banking or CalleeCategory.Airline or CalleeCategory.Hotel => CategoryTag.Business,
        CalleeCategory.Housing or CalleeCategory.Rental or CalleeCategory.Travel or CalleeCategory.Government => CategoryTag.Agency,
        CalleeCategory.School => CategoryTag.Education,
        CalleeCategory.Clinic or CalleeCategory.Dentist => CategoryTag.Health,
        CalleeCategory.Restaurant or CalleeCategory.Retail => CategoryTag.Advertising,
        CalleeCategory.Emergency => CategoryTag.Emergency,
        _ => CategoryTag.Private,
    };

    public static string Names => string.Join(", ", Enum.GetNames<CalleeCategory>());

    /// <summary>A category by its name, in any case (a number is not a name).</summary>
    public static bool TryParse(string text, out CalleeCategory category) =>
        Enum.TryParse(text.Trim(), ignoreCase: true, out category) && Enum.IsDefined(category) && !int.TryParse(text, out _);
}

/// <summary>
/// The number directory as the cluster holds it (key 0): called numbers and their categories, versioned. Silos poll
/// it and swap their in-memory copy when the version changes.
/// </summary>
public interface IDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Replaces the directory; returns the new version.</summary>
    Task<long> ReplaceAsync(DirectorySnapshot directory);

    /// <summary>The directory when its version differs from <paramref name="knownVersion"/>; otherwise null.</summary>
    [AlwaysInterleave]
    Task<DirectorySnapshot?> GetIfChangedAsync(long knownVersion);
}

/// <param name="Numbers">E.164 number to category.</param>
/// <param name="Source">Where it was loaded from (a file name), for people.</param>
[GenerateSerializer, Immutable, Alias("directory-snapshot.v1")]
public sealed record DirectorySnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyDictionary<string, CalleeCategory> Numbers,
    [property: Id(2)] string Source);
