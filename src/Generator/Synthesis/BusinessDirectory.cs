using Bogus;
using Cdr.Orleans.Contracts.Callees;

namespace Cdr.Orleans.Generator.Synthesis;

/// <summary>
/// The listed numbers the simulated subscribers call (banks, clinics, airlines...): <see cref="NumbersPerCategory"/>
/// London landlines per category, deterministic for a seed. Calls pick a category by weight (one category can be
/// skewed to take half of them), then one of its numbers. The generator writes it as the number directory it used.
/// </summary>
public sealed class BusinessDirectory
{
    public const int NumbersPerCategory = 25;

    /// <summary>How the calls to listed numbers spread over the categories (percent).</summary>
    public static readonly (CalleeCategory Category, double Weight)[] Weights =
    [
        (CalleeCategory.Business, 20), (CalleeCategory.Banking, 8), (CalleeCategory.School, 6), (CalleeCategory.Clinic, 8),
        (CalleeCategory.Dentist, 4), (CalleeCategory.Housing, 4), (CalleeCategory.Rental, 4), (CalleeCategory.Travel, 6),
        (CalleeCategory.Airline, 3), (CalleeCategory.Hotel, 4), (CalleeCategory.Restaurant, 10), (CalleeCategory.Retail, 15),
        (CalleeCategory.Government, 5), (CalleeCategory.Emergency, 3),
    ];

    private readonly string[][] numbers;
    private readonly float[] weights;
    private readonly int[] indexes;

    private BusinessDirectory(string[][] numbers, float[] weights)
    {
        (this.numbers, this.weights) = (numbers, weights);
        indexes = [.. Enumerable.Range(0, Weights.Length)];
    }

    /// <param name="skew">A category that takes half of the calls to listed numbers; null: the weights as they are.</param>
    public static BusinessDirectory Create(int seed, CalleeCategory? skew = null)
    {
        var random = new Randomizer(seed + 7);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var numbers = Weights.Select(_ => Enumerable.Range(0, NumbersPerCategory).Select(_ =>
        {
            string number;
            do
            {
                number = "+4420" + random.Number(3_000_0000, 8_999_9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            while (!seen.Add(number));
            return number;
        }).ToArray()).ToArray();
        var raw = Weights.Select(w => w.Weight).ToArray();
        if (skew is { } chosen && Array.FindIndex(Weights, w => w.Category == chosen) is var index and >= 0)
        {
            raw[index] = raw.Where((_, i) => i != index).Sum(); // half of all
        }
        return new BusinessDirectory(numbers, World.Normalised(raw));
    }

    public IEnumerable<(string Number, CalleeCategory Category)> Entries() =>
        numbers.SelectMany((list, i) => list.Select(n => (n, Weights[i].Category)));

    public string Pick(Randomizer random)
    {
        var list = numbers[random.WeightedRandom(indexes, weights)];
        return list[random.Number(0, list.Length - 1)];
    }

    /// <summary>Makes this the cluster's number directory; returns its version.</summary>
    public Task<long> LoadAsync(IGrainFactory grains, string source) =>
        grains.GetGrain<IDirectoryGrain>(0).ReplaceAsync(new DirectorySnapshot(0, Entries().ToDictionary(e => e.Number, e => e.Category), source));

    /// <summary>The directory file beside a CDR file: "cdrs.csv" gives "cdrs.directory.csv".</summary>
    public static string PathFor(string cdrPath) => Path.ChangeExtension(cdrPath, ".directory.csv");
}
