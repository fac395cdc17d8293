namespace Cdr.Orleans.Silo.Demo;

/// <summary>The built-in load of <c>--demo</c>. Section <c>Cdr:Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Cdr:Demo";

    public bool Enabled { get; set; }

    /// <summary>Subscribers in the demo population. Default 5,000.</summary>
    public int Subscribers { get; set; } = 5_000;

    /// <summary>CDRs per second. Default 200.</summary>
    public double Rate { get; set; } = 200;

    public int Seed { get; set; } = 42;

    public string? Validate()
    {
        if (Subscribers is < 1 or > 10_000_000)
        {
            return $"{SectionName}:Subscribers is {Subscribers}; accepted: 1 to 10000000";
        }
        if (Rate is < 0 or > 10_000_000 || double.IsNaN(Rate))
        {
            return $"{SectionName}:Rate is {Rate}; accepted: 0 to 10000000 CDRs per second";
        }
        return null;
    }
}
