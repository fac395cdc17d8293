namespace Cdr.Orleans.Contracts.Segments;

/// <summary>
/// Every known subscriber's number (one with a profile or a CDR of its own), so that a segment reaches subscribers
/// whose grains are not resident. Embedded mode keeps a list in roster grains; durable mode reads the stored
/// subscriber states themselves, so it writes nothing and holds nothing.
/// </summary>
public interface ISubscriberRoster
{
    /// <summary>
    /// How long a subscriber activated only to store its profile stays resident: until its number has surely reached
    /// the roster (zero where the stored state is the roster).
    /// </summary>
    TimeSpan HoldAfterProfileLoad { get; }

    /// <summary>A subscriber grain that is known says so when activated and when it becomes known.</summary>
    void Enlist(string msisdn);

    /// <summary>
    /// The known numbers, a page at a time; a number may come more than once (a page of one shard or node may repeat
    /// one of another's while keys move), so a reader that counts must skip repeats.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<string>> ReadAsync(CancellationToken cancellationToken = default);
}
