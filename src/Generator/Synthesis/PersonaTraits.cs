namespace Cdr.Orleans.Generator.Synthesis;

/// <summary>The numbers behind a persona. Shares are of the CDRs the persona originates.</summary>
public sealed record PersonaTraits(
    Persona Persona,
    double PopulationShare,
    double Activity,
    double VoiceShare,
    double SmsShare,
    double InternationalShare,
    double RoamingShare,
    double DroppedShare,
    double MedianCallSeconds,
    double MedianDataMegabytes,
    double[] HourFactor)
{
    /// <summary>Overall traffic by UTC hour (relative, mean 1): quiet nights, a morning ramp, an evening peak.</summary>
    public static readonly double[] Diurnal = Normalise(
    [
        0.25, 0.15, 0.10, 0.08, 0.08, 0.12, 0.30, 0.60, 0.95, 1.20, 1.30, 1.35,
        1.35, 1.30, 1.25, 1.25, 1.30, 1.45, 1.60, 1.65, 1.55, 1.25, 0.85, 0.50,
    ]);

    private static readonly double[] Flat = [.. Enumerable.Repeat(1.0, 24)];
    private static readonly double[] Nocturnal =
        [3.0, 3.0, 2.8, 2.2, 1.5, 0.8, 0.3, 0.2, 0.2, 0.3, 0.4, 0.5, 0.6, 0.6, 0.6, 0.6, 0.7, 0.8, 1.0, 1.2, 1.6, 2.2, 2.8, 3.0];
    private static readonly double[] OfficeHours =
        [0.3, 0.2, 0.2, 0.2, 0.2, 0.3, 0.6, 1.0, 1.6, 1.9, 1.9, 1.8, 1.4, 1.7, 1.9, 1.8, 1.6, 1.2, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4];

    public static readonly IReadOnlyList<PersonaTraits> All =
    [
        new(Persona.Regular, 0.40, 1.0, 0.55, 0.30, 0.03, 0.02, 0.03, 70, 4, Flat),
        new(Persona.HeavyCaller, 0.08, 6.0, 0.75, 0.15, 0.04, 0.03, 0.03, 150, 3, OfficeHours),
        new(Persona.NightOwl, 0.10, 1.5, 0.45, 0.35, 0.03, 0.02, 0.03, 90, 6, Nocturnal),
        new(Persona.InternationalCaller, 0.10, 1.5, 0.60, 0.25, 0.35, 0.12, 0.04, 180, 4, Flat),
        new(Persona.DataHeavy, 0.12, 2.0, 0.20, 0.10, 0.02, 0.03, 0.03, 60, 40, Flat),
        new(Persona.Frustrated, 0.05, 1.2, 0.65, 0.20, 0.03, 0.02, 0.22, 45, 4, Flat),
        new(Persona.Quiet, 0.15, 0.2, 0.50, 0.40, 0.02, 0.01, 0.03, 50, 1, Flat),
    ];

    public static PersonaTraits Of(Persona persona) => All[(int)persona];

    /// <summary>The largest hour factor, for acceptance sampling.</summary>
    public double MaxHourFactor { get; } = HourFactor.Max();

    private static double[] Normalise(double[] values)
    {
        var mean = values.Average();
        return [.. values.Select(v => v / mean)];
    }
}
