using Cdr.Orleans.Domain.Propensity;

namespace Cdr.Orleans.Grains.Propensity;

/// <summary>How campaigns gather examples and learn. Section <c>Cdr:Propensity</c>.</summary>
public sealed class PropensityOptions
{
    public const string SectionName = "Cdr:Propensity";

    /// <summary>A sent offer with no response this long after its decision is labelled declined. Default 3 days.</summary>
    public TimeSpan ResponseWindow { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Labelled examples kept per campaign (the newest), and at most as many waiting. Default 20,000.</summary>
    public int ExampleCapacity { get; set; } = ExampleBook.DefaultCapacity;

    /// <summary>How often a campaign's examples are written when they changed (and labelled past the window). Default 10 s.</summary>
    public TimeSpan ExampleWriteInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A campaign's model is trained again after this many new labelled examples. Default 500.</summary>
    public int RetrainAfter { get; set; } = 500;

    /// <summary>... and at least this often while new examples come. Default 7 days.</summary>
    public TimeSpan RetrainEvery { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The gate's minimum holdout AUC. Default 0.6.</summary>
    public double MinAuc { get; set; } = ModelGate.DefaultMinAuc;

    /// <summary>Labelled examples a training needs at least. Default 200.</summary>
    public int MinExamples { get; set; } = 200;

    public string? Validate()
    {
        if (RetrainAfter is < 10 or > 1_000_000)
        {
            return $"{SectionName}:RetrainAfter is {RetrainAfter}; accepted: 10 to 1000000";
        }
        if (RetrainEvery < TimeSpan.FromMinutes(1) || RetrainEvery > TimeSpan.FromDays(365))
        {
            return $"{SectionName}:RetrainEvery is {RetrainEvery}; accepted: 00:01:00 to 365.00:00:00";
        }
        if (double.IsNaN(MinAuc) || MinAuc < 0.5 || MinAuc > 0.99)
        {
            return $"{SectionName}:MinAuc is {MinAuc}; accepted: 0.5 to 0.99";
        }
        if (MinExamples is < 50 or > 1_000_000)
        {
            return $"{SectionName}:MinExamples is {MinExamples}; accepted: 50 to 1000000";
        }
        if (ResponseWindow < TimeSpan.FromSeconds(1) || ResponseWindow > TimeSpan.FromDays(90))
        {
            return $"{SectionName}:ResponseWindow is {ResponseWindow}; accepted: 00:00:01 to 90.00:00:00";
        }
        if (ExampleCapacity is < 100 or > 1_000_000)
        {
            return $"{SectionName}:ExampleCapacity is {ExampleCapacity}; accepted: 100 to 1000000";
        }
        if (ExampleWriteInterval < TimeSpan.FromMilliseconds(100) || ExampleWriteInterval > TimeSpan.FromMinutes(10))
        {
            return $"{SectionName}:ExampleWriteInterval is {ExampleWriteInterval}; accepted: 00:00:00.1 to 00:10:00";
        }
        return null;
    }
}
