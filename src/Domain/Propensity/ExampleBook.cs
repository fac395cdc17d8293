using Cdr.Orleans.Contracts.Models;

namespace Cdr.Orleans.Domain.Propensity;

/// <summary>
/// One campaign's training examples: each sent offer's features from the moment of its decision, waiting for a
/// response (<see cref="Pending"/>), then labelled: accepted, declined, or declined for want of a response within the
/// response window. Bounded whatever the traffic: the newest <see cref="Capacity"/> labelled examples, and at most as
/// many waiting (past that the oldest waiting is labelled declined early). Persisted: never renumber an [Id].
/// </summary>
[GenerateSerializer, Alias("example-book.v1")]
public sealed class ExampleBook
{
    public const int DefaultCapacity = 20_000;

    /// <summary>Offers sent and not yet answered, by offer id.</summary>
    [Id(0)] public Dictionary<string, PendingExample> Pending { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Labelled examples, oldest first.</summary>
    [Id(1)] public List<TrainingExample> Labelled { get; set; } = [];

    /// <summary>Examples labelled since the book began (retraining counts the new ones since the last training).</summary>
    [Id(2)] public long LabelledTotal { get; set; }

    [Id(3)] public int Capacity { get; set; } = DefaultCapacity;

    /// <summary><see cref="LabelledTotal"/> when a training was last asked for, and when.</summary>
    [Id(4)] public long TrainingAskedAt { get; set; }

    [Id(5)] public DateTime TrainingAskedUtc { get; set; }

    /// <summary>
    /// Responses that came before their offer's example (a subscriber, or the generator, answering within the moment
    /// the example takes to reach the book): applied when it arrives. At most <see cref="EarlyKept"/> (past that, one is dropped).
    /// </summary>
    [Id(6)] public Dictionary<string, bool> Early { get; set; } = new(StringComparer.Ordinal);

    public const int EarlyKept = 10_000;

    /// <summary>
    /// Whether a training is due: <paramref name="after"/> new labelled examples since the last one was asked for, or
    /// any new one and <paramref name="every"/> passed. Marks it asked when it is.
    /// </summary>
    public bool TrainingDue(DateTime now, int after, TimeSpan every)
    {
        var fresh = LabelledTotal - TrainingAskedAt;
        if (fresh >= after || (fresh > 0 && now - TrainingAskedUtc >= every && TrainingAskedUtc != default))
        {
            (TrainingAskedAt, TrainingAskedUtc) = (LabelledTotal, now);
            return true;
        }
        if (TrainingAskedUtc == default)
        {
            TrainingAskedUtc = now; // the period counts from the book's first check
        }
        return false;
    }

    // Not stored: rebuilt from the lists above when first needed, so a check per decision is not a scan.
    [NonSerialized]
    private HashSet<string>? labelledIds;
    [NonSerialized]
    private Queue<string>? pendingOrder;

    /// <summary>Keeps a sent offer's features until its response; a decision already kept (a replayed CDR) is ignored.</summary>
    public bool Decided(string offerId, DateTime decidedUtc, IReadOnlyList<float> features)
    {
        if (Pending.ContainsKey(offerId) || LabelledIds().Contains(offerId))
        {
            return false;
        }
        Pending[offerId] = new PendingExample(decidedUtc, features);
        if (pendingOrder is { } order && order.Count > 2 * Capacity)
        {
            pendingOrder = null; // mostly ids answered meanwhile: rebuilt from what still waits
        }
        PendingOrder().Enqueue(offerId);
        if (Early.Remove(offerId, out var early))
        {
            Label(offerId, early);
            return true;
        }
        while (Pending.Count > Capacity && pendingOrder!.TryDequeue(out var oldest))
        {
            Label(oldest, accepted: false); // one answered meanwhile is no longer waiting: skipped
        }
        return true;
    }

    /// <summary>
    /// Labels a waiting offer with its response. False when it is not waiting: labelled already (the response is
    /// ignored), or not here yet (the response is kept for its example).
    /// </summary>
    public bool Respond(string offerId, bool accepted)
    {
        if (Label(offerId, accepted))
        {
            return true;
        }
        if (!LabelledIds().Contains(offerId) && Early.TryAdd(offerId, accepted) && Early.Count > EarlyKept)
        {
            Early.Remove(Early.Keys.First());
        }
        return false;
    }

    /// <summary>Labels every offer decided before <paramref name="now"/> − <paramref name="window"/> as declined; returns how many.</summary>
    public int Expire(DateTime now, TimeSpan window)
    {
        var expired = Pending.Where(p => p.Value.DecidedUtc < now - window).Select(p => p.Key).ToList();
        foreach (var offerId in expired)
        {
            Label(offerId, accepted: false);
        }
        return expired.Count;
    }

    private bool Label(string offerId, bool accepted)
    {
        if (!Pending.Remove(offerId, out var pending))
        {
            return false;
        }
        Labelled.Add(new TrainingExample(offerId, pending.DecidedUtc, pending.Features, accepted));
        LabelledIds().Add(offerId);
        LabelledTotal++;
        if (Labelled.Count > Capacity)
        {
            var dropped = Labelled.Count - Capacity;
            foreach (var old in Labelled.Take(dropped))
            {
                labelledIds!.Remove(old.OfferId);
            }
            Labelled.RemoveRange(0, dropped);
        }
        return true;
    }

    private HashSet<string> LabelledIds() => labelledIds ??= new HashSet<string>(Labelled.Select(e => e.OfferId), StringComparer.Ordinal);

    private Queue<string> PendingOrder() => pendingOrder ??= new Queue<string>(Pending.OrderBy(p => p.Value.DecidedUtc).Select(p => p.Key));
}

/// <summary>A sent offer waiting for its response: when it was decided and the features then.</summary>
[GenerateSerializer, Immutable, Alias("pending-example.v1")]
public sealed record PendingExample(
    [property: Id(0)] DateTime DecidedUtc,
    [property: Id(1)] IReadOnlyList<float> Features);
