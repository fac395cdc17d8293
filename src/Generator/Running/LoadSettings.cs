namespace Cdr.Orleans.Generator.Running;

/// <summary>What a synthetic run does. See docs/generator.md for each option.</summary>
public sealed record LoadSettings
{
    public int Subscribers { get; init; } = 10_000;

    /// <summary>Target CDRs per wall-clock second; 0 publishes as fast as the engine accepts.</summary>
    public double Rate { get; init; } = 1_000;

    public long? Count { get; init; }

    public TimeSpan? Duration { get; init; }

    public int Seed { get; init; } = 42;

    /// <summary>Simulated start time; by default chosen so that the run ends near the present.</summary>
    public DateTime? Start { get; init; }

    /// <summary>Simulated seconds per wall second; by default set by the population's activity.</summary>
    public double? Speed { get; init; }

    /// <summary>Average CDRs a subscriber originates per simulated day (when no speed is given).</summary>
    public double CdrsPerDay { get; init; } = 20;

    public string? OutPath { get; init; }

    public bool LoadProfiles { get; init; } = true;

    /// <summary>A callee category that takes half of the calls to listed numbers (<c>--skew-category</c>); null: none.</summary>
    public Contracts.Callees.CalleeCategory? SkewCategory { get; init; }

    /// <summary>Whether the operator's events (top-ups, balances, bundles, trips, device changes) come with the CDRs.</summary>
    public bool Events { get; init; } = true;

    /// <summary>Returns null, or what is wrong with the settings and what is accepted.</summary>
    public string? Validate()
    {
        if (Subscribers is < 1 or > 100_000_000)
        {
            return $"--subscribers is {Subscribers}; accepted: 1 to 100000000";
        }
        if (Rate < 0 || double.IsNaN(Rate))
        {
            return $"--rate is {Rate}; accepted: 0 (as fast as the engine takes) or more CDRs per second";
        }
        if (Count is <= 0)
        {
            return $"--count is {Count}; accepted: 1 or more";
        }
        if (Duration is { } d && d <= TimeSpan.Zero)
        {
            return $"--duration is {d}; accepted: a positive time such as 30s, 5m or 00:10:00";
        }
        if (Speed is { } s && (s <= 0 || double.IsNaN(s)))
        {
            return $"--speed is {s}; accepted: a positive number of simulated seconds per second";
        }
        if (Speed is not null && Rate == 0)
        {
            return "--speed needs a --rate above 0: with an unlimited rate the speed would be undefined";
        }
        if (CdrsPerDay <= 0)
        {
            return $"--cdrs-per-day is {CdrsPerDay}; accepted: a positive number";
        }
        if (Start is { } start && start > DateTime.UtcNow)
        {
            return $"--start {start:O} is in the future; the simulated clock never runs ahead of the present";
        }
        if (Start is { } early && early < Domain.Cdrs.CdrValidator.MinStartUtc)
        {
            return $"--start {early:O} is before {Domain.Cdrs.CdrValidator.MinStartUtc:yyyy-MM-dd}, the earliest CDR time the engine accepts";
        }
        if (OutPath is { } path && OutFolderMissing(path) is { } folder)
        {
            return $"--out {path}: the folder {folder} does not exist; create it first, or give a path in an existing folder";
        }
        return null;
    }

    private static string? OutFolderMissing(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        return folder is not null && !Directory.Exists(folder) ? folder : null;
    }

    /// <summary>Average CDRs per simulated second.</summary>
    public double Intensity => Speed is { } speed ? Rate / speed : Subscribers * CdrsPerDay / 86_400.0;

    /// <summary>
    /// The simulated start: given, or such that the run's CDRs end just before <paramref name="nowUtc"/> (at most 30 days
    /// back). Walks the diurnal curve backwards hour by hour, as the synthesizer's clock walks it forwards.
    /// </summary>
    public DateTime StartFor(DateTime nowUtc)
    {
        if (Start is { } start)
        {
            return DateTime.SpecifyKind(start, DateTimeKind.Utc);
        }
        double? cdrs = Count is { } c ? c : Duration is { } d && Rate > 0 ? d.TotalSeconds * Rate : null;
        var earliest = nowUtc - TimeSpan.FromDays(30);
        var t = nowUtc;
        if (cdrs is not { } total)
        {
            t = nowUtc - TimeSpan.FromDays(1);
        }
        else
        {
            var remaining = total * 1.01 + 10;
            while (remaining > 0 && t > earliest)
            {
                var hourStart = new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);
                if (hourStart == t)
                {
                    hourStart = t.AddHours(-1);
                }
                var perSecond = Intensity * Synthesis.PersonaTraits.Diurnal[hourStart.Hour];
                var capacity = perSecond * (t - hourStart).TotalSeconds;
                if (capacity >= remaining)
                {
                    t = t.AddSeconds(-remaining / perSecond);
                    remaining = 0;
                }
                else
                {
                    remaining -= capacity;
                    t = hourStart;
                }
            }
        }
        if (t < earliest)
        {
            t = earliest;
        }
        return new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
    }
}
