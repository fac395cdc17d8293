using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Stats;

namespace Cdr.Orleans.Grains.Stats;

/// <summary>
/// This silo's counters, updated on the CDR path with interlocked adds and read as deltas by
/// <see cref="StatsReporter"/> about once a second. One instance per silo (a singleton service). Their totals since
/// the silo started are also read by <see cref="Telemetry.EngineInstruments"/> (the metrics), which costs the CDR path
/// nothing more.
/// </summary>
public sealed class EngineCounters(Telemetry.EngineInstruments? instruments = null)
{
    private const int MaxLagSamples = 20_000;
    private readonly Lock gate = new();
    /// <summary>Dead letters kept per report (the latest); the count covers them all.</summary>
    public const int DeadLettersPerReport = 20;

    private readonly Dictionary<string, long> rejected = [];
    private readonly Dictionary<string, long> notes = [];
    private readonly Dictionary<string, long> rejectedTotal = [];
    private readonly Dictionary<string, long> notesTotal = [];
    private readonly Queue<DeadLetter> deadLetters = new();
    private long deadLettered;
    private long deadLetteredTotal;
    private long checkpoints;
    private long checkpointsFailed;
    private readonly List<double> lagMs = [];
    private long applied;
    private long residentSubscribers;
    private long activations;
    private long coldCdrs;

    public long CdrsApplied => Interlocked.Read(ref applied);

    public long ResidentSubscribers => Interlocked.Read(ref residentSubscribers);

    /// <summary>
    /// Records a subscriber applied (new to it, each once; a batch it had applied already adds nothing). Counted where
    /// they are applied, so that a silo's count only grows: Prometheus takes any fall of a counter for a restart.
    /// </summary>
    public void Applied(int cdrs) => Interlocked.Add(ref applied, cdrs);

    /// <summary>A CDR its subscriber had applied already: counted as rejected (duplicate), not as applied.</summary>
    public void Duplicate() => Rejected(Domain.CdrIntake.Duplicate);

    /// <summary>Subscriber grains activated since the silo started (each a state read in durable mode).</summary>
    public long SubscriberActivations => Interlocked.Read(ref activations);

    /// <summary>CDRs whose caller was not resident: they waited for its activation (and its state read). At most one per CDR.</summary>
    public long ColdCdrs => Interlocked.Read(ref coldCdrs);

    public void SubscriberActivated()
    {
        Interlocked.Increment(ref residentSubscribers);
        Interlocked.Increment(ref activations);
    }

    /// <summary>The originated CDRs of the first batch a subscriber was given after its activation.</summary>
    public void Cold(int cdrs) => Interlocked.Add(ref coldCdrs, cdrs);

    public void SubscriberDeactivated() => Interlocked.Decrement(ref residentSubscribers);

    public void Rejected(string reasonCode)
    {
        lock (gate)
        {
            rejected[reasonCode] = rejected.GetValueOrDefault(reasonCode) + 1;
            rejectedTotal[reasonCode] = rejectedTotal.GetValueOrDefault(reasonCode) + 1;
        }
    }

    /// <summary>A CDR kept with a remark (<see cref="Domain.CdrIntake.CalleeNotANumber"/>, a campaign that failed on it).</summary>
    public void Noted(string code)
    {
        lock (gate)
        {
            notes[code] = notes.GetValueOrDefault(code) + 1;
            notesTotal[code] = notesTotal.GetValueOrDefault(code) + 1;
        }
    }

    /// <summary>A CDR set aside: counted, and the latest few kept for <c>stats</c> (the subscriber masked: stats are read by people).</summary>
    public void DeadLettered(DeadLetter letter)
    {
        var shown = letter with { Subscriber = Domain.Cdrs.Msisdn.Mask(letter.Subscriber) };
        lock (gate)
        {
            deadLettered++;
            deadLetteredTotal++;
            deadLetters.Enqueue(shown);
            if (deadLetters.Count > DeadLettersPerReport)
            {
                deadLetters.Dequeue();
            }
        }
    }

    /// <summary>Records how long a batch took from publication to applied.</summary>
    public void BatchLag(TimeSpan lag)
    {
        instruments?.RecordLag(lag);
        lock (gate)
        {
            if (lagMs.Count < MaxLagSamples)
            {
                lagMs.Add(Math.Max(0, lag.TotalMilliseconds));
            }
        }
    }

    /// <summary>A partition's checkpoint: its subscribers stored what it gave them and its entries were acknowledged, or it failed.</summary>
    public void Checkpointed(bool stored) => Interlocked.Increment(ref stored ? ref checkpoints : ref checkpointsFailed);

    public long Checkpoints => Interlocked.Read(ref checkpoints);

    public long CheckpointsFailed => Interlocked.Read(ref checkpointsFailed);

    /// <summary>Rejected CDRs by reason since the silo started (duplicates among them).</summary>
    public KeyValuePair<string, long>[] RejectedTotals()
    {
        lock (gate)
        {
            return [.. rejectedTotal];
        }
    }

    /// <summary>CDRs kept with a remark, by code, since the silo started.</summary>
    public KeyValuePair<string, long>[] NoteTotals()
    {
        lock (gate)
        {
            return [.. notesTotal];
        }
    }

    public long DeadLetteredTotal
    {
        get
        {
            lock (gate)
            {
                return deadLetteredTotal;
            }
        }
    }

    /// <summary>
    /// The report since the previous call. <paramref name="lastApplied"/> carries the applied total between calls so that
    /// the applied count never needs a lock on the hot path.
    /// </summary>
    public StatsReport TakeReport(string source, DateTime nowUtc, ref long lastApplied)
    {
        var total = CdrsApplied;
        var appliedDelta = total - lastApplied;
        lastApplied = total;
        Dictionary<string, long> rejectedDelta;
        Dictionary<string, long>? notesDelta;
        DeadLetter[]? letters;
        long letteredDelta;
        double[] lags;
        lock (gate)
        {
            rejectedDelta = new Dictionary<string, long>(rejected);
            rejected.Clear();
            notesDelta = notes.Count == 0 ? null : new Dictionary<string, long>(notes);
            notes.Clear();
            letters = deadLetters.Count == 0 ? null : [.. deadLetters];
            deadLetters.Clear();
            letteredDelta = deadLettered;
            deadLettered = 0;
            lags = [.. lagMs];
            lagMs.Clear();
        }
        return new StatsReport(source, nowUtc, appliedDelta, rejectedDelta, ResidentSubscribers, Summarise(lags),
            Notes: notesDelta, DeadLettered: letteredDelta, DeadLetters: letters);
    }

    public static LagSample? Summarise(double[] lags)
    {
        if (lags.Length == 0)
        {
            return null;
        }
        Array.Sort(lags);
        return new LagSample(lags.Length, Math.Round(lags.Average(), 2), Math.Round(Percentile(lags, 0.99), 2), Math.Round(lags[^1], 2));
    }

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0 to 1) of sorted, non-empty samples.</summary>
    public static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(sorted.Length * p) - 1)];
}
