namespace Cdr.Orleans.Generator.Running;

/// <summary>A progress line: what was published, how fast, how far behind the target, and the simulated time.</summary>
public sealed record RunProgress(
    TimeSpan Elapsed,
    long Published,
    double CurrentRate,
    long BehindTarget,
    DateTime SimulatedTime,
    long Retries,
    string? PushedBackBy = null)
{
    public override string ToString() =>
        $"{Elapsed:hh\\:mm\\:ss}  published {Published,12:N0}  rate {CurrentRate,10:N0}/s  behind target {BehindTarget,10:N0}  " +
        $"simulated {SimulatedTime:yyyy-MM-dd HH:mm}Z  pushed back {Retries:N0}" + (PushedBackBy is { } why ? $"\n  waiting: {why}" : "");
}
