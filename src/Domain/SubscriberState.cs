using Cdr.Orleans.Contracts.Subscribers;

namespace Cdr.Orleans.Domain;

/// <summary>
/// Everything the engine keeps about one subscriber. Mutable on purpose: the fold updates it in place, because copying
/// a profile of counters, callees and windows for every CDR would be the largest cost on the hot path. Only
/// <see cref="SubscriberFold"/> changes it. Persisted: never renumber an [Id]; add new ones at the end.
/// </summary>
[GenerateSerializer, Alias("subscriber-state.v1")]
public sealed class SubscriberState
{
    /// <summary>Who the subscriber is; setting it sets the time zone again (<see cref="Local"/>).</summary>
    [Id(0)]
    public SubscriberProfile? Profile
    {
        get => profile;
        set => (profile, zone) = (value, null);
    }

    [NonSerialized]
    private SubscriberProfile? profile;

    // Resolved on first use per activation (a parse of the number when the profile names none), not stored.
    [NonSerialized]
    private TimeZoneInfo? zone;

    /// <summary>
    /// <paramref name="utc"/> in the subscriber's local time (<see cref="SubscriberZones"/>); <paramref name="msisdn"/>
    /// is the subscriber's number, which gives the zone when the profile does not.
    /// </summary>
    public DateTime Local(DateTime utc, string msisdn)
    {
        var z = zone ??= SubscriberZones.Of(msisdn, profile?.TimeZone);
        if (ReferenceEquals(z, TimeZoneInfo.Utc))
        {
            return utc;
        }
        // The fold, the contact policy and the rules' Cdr.Hour all ask for the same CDR's time: converted once.
        if (utc != lastUtc || !ReferenceEquals(z, lastZone))
        {
            (lastUtc, lastZone, lastLocal) = (utc, z, TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), z));
        }
        return lastLocal;
    }

    [NonSerialized]
    private DateTime lastUtc, lastLocal;

    [NonSerialized]
    private TimeZoneInfo? lastZone;

    /// <summary>The subscriber's time zone, as <see cref="Local"/> uses it.</summary>
    public TimeZoneInfo Zone(string msisdn) => zone ??= SubscriberZones.Of(msisdn, profile?.TimeZone);
    [Id(1)] public long VoiceCalls { get; set; }
    [Id(2)] public long VoiceSeconds { get; set; }
    [Id(3)] public long SmsCount { get; set; }
    [Id(4)] public long DataSessions { get; set; }
    [Id(5)] public long DataBytes { get; set; }
    [Id(6)] public decimal Spend { get; set; }
    [Id(7)] public long Answered { get; set; }
    [Id(8)] public long Busy { get; set; }
    [Id(9)] public long NoAnswer { get; set; }
    [Id(10)] public long Dropped { get; set; }
    [Id(11)] public long International { get; set; }
    [Id(12)] public long Roaming { get; set; }
    [Id(13)] public long IncomingCalls { get; set; }
    [Id(14)] public long IncomingSeconds { get; set; }
    [Id(15)] public long IncomingSms { get; set; }

    /// <summary>Originated CDRs per part of the subscriber's local day: night, morning, afternoon, evening.</summary>
    [Id(16)] public long[] PartOfDay { get; set; } = new long[4];

    /// <summary>
    /// Answered voice calls, made or received, per weekday x hour of the subscriber's local time. Null until the first. Stored packed
    /// (<see cref="StoredWeekHours"/>).
    /// </summary>
    public WeekHourCounts? WeekHours => weekHours;

    [NonSerialized]
    private WeekHourCounts? weekHours;

    /// <summary>Counts one answered call in the weekday x hour slot of <paramref name="local"/>, a local time.</summary>
    public void CountWeekHour(DateTime local) => (weekHours ??= new WeekHourCounts()).Count(local);

    /// <summary>The histogram as states before the packed form stored it, field by field: read into <see cref="WeekHours"/>, never written.</summary>
    [Id(17)]
    public int[]? FieldByFieldWeekHours
    {
        get => null;
        set => weekHours ??= value is null ? null : WeekHourCounts.From(value);
    }

    /// <summary>
    /// Voice calls and SMS sent per callee, exactly and without bound, as states before <see cref="CalleeSummary"/> kept
    /// them: read from storage only, moved into <see cref="TopCallees"/> at the next CDR, then empty.
    /// </summary>
    [Id(18)]
    public Dictionary<long, int> Callees
    {
        get => callees ?? NoCallees;
        set => callees = value is { Count: > 0 } ? value : null;
    }

    // Empty in every state since the summary: one shared empty dictionary, not 80 bytes per subscriber. Never added to.
    private static readonly Dictionary<long, int> NoCallees = [];

    [NonSerialized]
    private Dictionary<long, int>? callees;

    [Id(19)] public ActivityWindows Windows { get; set; } = new();

    /// <summary>CDRs applied: originated plus received.</summary>
    [Id(20)] public long CdrsApplied { get; set; }

    /// <summary>Voice calls of the last hour, for rules about repeated calls. Null until the first.</summary>
    [Id(21)] public RecentCalls? RecentCalls { get; set; }

    /// <summary>Campaign decisions: what counts against each campaign's cap, and the latest few. Null until the first.</summary>
    [Id(22)] public Campaigns.OfferHistory? Offers { get; set; }

    /// <summary>
    /// Durable mode: per CDR partition, the stream position of the last batch applied (0: none), so that a batch
    /// delivered again (after a silo died before acknowledging it) is recognised and skipped. Null until the first.
    /// </summary>
    [Id(23)] public long[]? Positions { get; set; }

    /// <summary>Voice calls and SMS originated per callee category (index: <see cref="Contracts.Callees.CalleeCategory"/>). Null until the first.</summary>
    [Id(24)] public long[]? CategoryCalls { get; set; }

    /// <summary>Voice calls and SMS sent per callee, bounded: the most called numbers and a distinct count. Null until the first.</summary>
    [Id(25)] public CalleeSummary? TopCallees { get; set; }

    /// <summary>
    /// Offers decided on batches already marked applied that their sink has not yet accepted: kept with the state (an
    /// outbox), so that a batch delivered again after the sink failed sends them instead of losing them, and a
    /// checkpoint stores them until they are sent. Null when none wait (nearly always).
    /// </summary>
    [Id(26)] public List<Contracts.Campaigns.OfferDecision>? UnsentOffers { get; set; }

    /// <summary>CDRs set aside on batches already marked applied that the dead-letter sink has not yet accepted; null when none wait.</summary>
    [Id(27)] public List<Contracts.Cdrs.DeadLetter>? UnsentDeadLetters { get; set; }

    /// <summary>The ids of the latest CDRs applied, so that a repeated CDR is dropped (<see cref="RecentCdrIds"/>). Null until the first.</summary>
    [Id(28)] public RecentCdrIds? RecentIds { get; set; }

    /// <summary><see cref="WeekHours"/> as stored: <see cref="PackedCounts"/>.</summary>
    [Id(29)]
    public byte[]? StoredWeekHours
    {
        get => weekHours?.Packed();
        set => weekHours = value is null ? weekHours : WeekHourCounts.FromPacked(value, "stored weekday x hour counts");
    }

    /// <summary>When the subscriber said STOP (by a response to an offer, or the operator for them); null: not opted out.</summary>
    [Id(30)] public DateTime? OptedOutUtc { get; set; }

    /// <summary>What the operator's events said (balance, top-ups, bundle, roaming, device); null until the first event.</summary>
    [Id(31)] public Accounts.AccountState? Account { get; set; }

    /// <summary>The one-shot campaigns (segment sends) that decided for this subscriber, latest last (<see cref="Campaigns.OnceDecisions"/>); null until the first.</summary>
    [Id(32)] public List<string>? DecidedOnce { get; set; }

    /// <summary>Whether no campaign may offer the subscriber anything: opted out, or no consent in the profile.</summary>
    public bool NoMarketing => OptedOutUtc is not null || profile?.NoMarketing == true;

    /// <summary>Whether offers or dead letters of applied batches still wait for their sinks.</summary>
    public bool HasUnsent => UnsentOffers is not null || UnsentDeadLetters is not null;

    /// <summary>The callee summary, made on first use, with the exact counts of an older state moved in.</summary>
    public CalleeSummary CalleeSummary()
    {
        if (TopCallees is { } summary)
        {
            return summary;
        }
        summary = Callees.Count == 0 ? new CalleeSummary() : Domain.CalleeSummary.From(Callees);
        Callees = [];
        return TopCallees = summary;
    }

    private static readonly int CategoryCount = Enum.GetValues<Contracts.Callees.CalleeCategory>().Length;
    private static readonly int TagCount = Enum.GetValues<Contracts.Callees.CategoryTag>().Length;

    public void CountCategory(Contracts.Callees.CalleeCategory category)
    {
        var index = (int)category;
        if (CategoryCalls is null || index >= CategoryCalls.Length)
        {
            var grown = new long[CategoryCount];
            CategoryCalls?.CopyTo(grown, 0);
            CategoryCalls = grown;
        }
        CategoryCalls[index]++;
    }

    /// <summary>
    /// The category called most among listed numbers (voice and SMS); <see cref="Contracts.Callees.CalleeCategory.Private"/>
    /// when none was listed. Ties go to the first in the enum.
    /// </summary>
    public Contracts.Callees.CalleeCategory TopCategory => (Contracts.Callees.CalleeCategory)MostCalled(CategoryCalls);

    /// <summary>Voice calls and SMS originated per tag (index: <see cref="Contracts.Callees.CategoryTag"/>).</summary>
    public long[] TagCalls()
    {
        var tags = new long[TagCount];
        for (var i = 0; CategoryCalls is not null && i < CategoryCalls.Length; i++)
        {
            tags[(int)Domain.Callees.CalleeCategories.TagOf((Contracts.Callees.CalleeCategory)i)] += CategoryCalls[i];
        }
        return tags;
    }

    /// <summary>The tag called most among listed numbers; Private when none was listed. Ties go to the first in the enum.</summary>
    public Contracts.Callees.CategoryTag TopTag => (Contracts.Callees.CategoryTag)MostCalled(TagCalls());

    /// <summary>The index with the most calls, leaving out index 0 (Private: not listed); 0 when no other has any.</summary>
    private static int MostCalled(long[]? calls)
    {
        var (best, most) = (0, 0L);
        for (var i = 1; calls is not null && i < calls.Length; i++)
        {
            if (calls[i] > most)
            {
                (best, most) = (i, calls[i]);
            }
        }
        return best;
    }

    /// <summary>Whether the batch at <paramref name="position"/> of <paramref name="partition"/> was applied already.</summary>
    public bool HasApplied(int partition, long position) =>
        position > 0 && Positions is { } positions && partition < positions.Length && position <= positions[partition];

    public void MarkApplied(int partition, long position)
    {
        if (position <= 0 || partition < 0)
        {
            return;
        }
        if (Positions is null || partition >= Positions.Length)
        {
            var grown = new long[Math.Max(partition + 1, Positions?.Length ?? 0)];
            Positions?.CopyTo(grown, 0);
            Positions = grown;
        }
        Positions[partition] = Math.Max(Positions[partition], position);
    }

    /// <summary>A subscriber is known once its profile is loaded or it has originated a CDR or had an operator event (feeds are per subscriber).</summary>
    public bool IsKnown => Profile is not null || VoiceCalls + SmsCount + DataSessions > 0 || Account is not null;
}
