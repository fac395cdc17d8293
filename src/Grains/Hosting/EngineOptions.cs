using Cdr.Orleans.Domain;

namespace Cdr.Orleans.Grains.Hosting;

/// <summary>How the engine treats CDRs. Section <c>Cdr:Engine</c>.</summary>
public sealed class EngineOptions
{
    public const string SectionName = "Cdr:Engine";

    /// <summary>ISO 3166 alpha-2 code of the operator's country: calls elsewhere are international. Default "GB".</summary>
    public string HomeCountry { get; set; } = Domain.HomeNetwork.DefaultCountry;

    /// <summary>
    /// Comma-separated E.164 prefixes of the operator's own numbers (default "+4477", the generator's subscribers).
    /// Calls received by numbers outside them are not counted on the callee; empty: any home-country number may be ours.
    /// </summary>
    public string OnNetPrefixes { get; set; } = Domain.HomeNetwork.DefaultOnNetPrefixes;

    /// <summary>How far after the engine's clock a CDR may start before it is rejected as from the future. Default 5 minutes.</summary>
    public TimeSpan FutureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often each silo reports its counters to the cluster statistics. Default 1 second.</summary>
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// When a subscriber grain writes its state to grain storage. Embedded mode's default is
    /// <see cref="StateWriteMode.OnDeactivation"/> (in-memory storage); durable mode's (when this is not set) is
    /// <see cref="StateWriteMode.Checkpoint"/>.
    /// </summary>
    public StateWriteMode StateWrites { get; set; } = StateWriteMode.OnDeactivation;

    /// <summary>
    /// With <see cref="StateWriteMode.Checkpoint"/>: how often each partition has its subscribers write and then
    /// acknowledges the stream entries they applied. Longer: fewer writes (each subscriber once per interval, however
    /// many CDRs it had), more entries kept in Redis and more to replay after a silo dies. Default 30 seconds: well above
    /// the time between two CDRs of one subscriber, or checkpoints write nearly once per CDR (docs/benchmarks.md).
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where embedded mode keeps the engine's own state (campaigns, budgets) as files, so that they survive a restart.
    /// Empty: in memory only. The silo's appsettings.json sets "data".
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>How often each silo asks the campaign registry for changes. Default 250 ms: a change reaches every silo within that.</summary>
    public TimeSpan CampaignRefresh { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// A number directory file (CSV <c>number,category</c>) loaded into the cluster when the silo starts; numbers
    /// without a country code are read as <see cref="HomeCountry"/>'s. Empty: none (the console's <c>directory load</c>
    /// can load one later). Unknown numbers are Private.
    /// </summary>
    public string? DirectoryFile { get; set; }

    /// <summary>Whether the silos count live call volume (region, operator, type, callee country per minute). Default true.</summary>
    public bool Analytics { get; set; } = true;

    /// <summary>How much per-minute call volume the cluster keeps, back from the latest minute seen. Default 24 hours.</summary>
    public TimeSpan TrafficRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many offer decisions the embedded offer log keeps; the oldest are evicted. Default 100,000.</summary>
    public int OfferLogCapacity { get; set; } = 100_000;

    /// <summary>
    /// How many of a subscriber's latest CDR ids it remembers, so that a CDR the feed repeats is dropped and counted as
    /// duplicate (8 bytes each in its state). Default 32; 0 turns the check off.
    /// </summary>
    public int DuplicateWindow { get; set; } = 32;

    /// <summary>
    /// A subscriber grain that has had no CDR for this long leaves memory (its state written first where its storage
    /// needs it) and comes back from storage on its next CDR. Default 15 minutes (Orleans' own default for grains).
    /// </summary>
    public TimeSpan SubscriberIdle { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Past this share of the machine's memory (percent, the process's or the container's limit), the silo deactivates
    /// the longest-idle grains until it is back under <see cref="MemoryTargetPercent"/>; 0 turns shedding off.
    /// Default 85.
    /// </summary>
    public int MemoryLimitPercent { get; set; } = 85;

    /// <summary>Where shedding stops, percent of memory. Default 75.</summary>
    public int MemoryTargetPercent { get; set; } = 75;

    public HomeNetwork HomeNetwork() => Domain.HomeNetwork.Parse(HomeCountry, OnNetPrefixes);

    public string? Validate()
    {
        if (HomeCountry.Length != 2 || !HomeCountry.All(char.IsAsciiLetterUpper) || !Domain.PhoneNumber.IsKnownCountry(HomeCountry))
        {
            return $"{SectionName}:HomeCountry is '{HomeCountry}'; accepted: a two-letter upper-case ISO 3166 code of a country with a numbering plan, such as GB";
        }
        if (Domain.HomeNetwork.SplitPrefixes(OnNetPrefixes).FirstOrDefault(p => p.Length < 2 || p[0] != '+' || !p.Skip(1).All(char.IsAsciiDigit)) is { } badPrefix)
        {
            return $"{SectionName}:OnNetPrefixes has '{badPrefix}'; accepted: comma-separated E.164 prefixes such as +4477,+44740, or empty";
        }
        if (FutureTolerance < TimeSpan.Zero || FutureTolerance > TimeSpan.FromDays(1))
        {
            return $"{SectionName}:FutureTolerance is {FutureTolerance}; accepted: 00:00:00 to 1.00:00:00";
        }
        if (StatsInterval < TimeSpan.FromMilliseconds(100) || StatsInterval > TimeSpan.FromMinutes(1))
        {
            return $"{SectionName}:StatsInterval is {StatsInterval}; accepted: 00:00:00.1 to 00:01:00";
        }
        if (CampaignRefresh < TimeSpan.FromMilliseconds(10) || CampaignRefresh > TimeSpan.FromSeconds(10))
        {
            return $"{SectionName}:CampaignRefresh is {CampaignRefresh}; accepted: 00:00:00.01 to 00:00:10";
        }
        if (TrafficRetention < TimeSpan.FromMinutes(1) || TrafficRetention > TimeSpan.FromDays(31))
        {
            return $"{SectionName}:TrafficRetention is {TrafficRetention}; accepted: 00:01:00 to 31.00:00:00";
        }
        if (OfferLogCapacity is < 100 or > 10_000_000)
        {
            return $"{SectionName}:OfferLogCapacity is {OfferLogCapacity}; accepted: 100 to 10000000";
        }
        if (DataDirectory is { Length: > 0 } directory && directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return $"{SectionName}:DataDirectory '{directory}' is not a valid path";
        }
        if (CheckpointInterval < TimeSpan.FromMilliseconds(100) || CheckpointInterval > TimeSpan.FromMinutes(10))
        {
            return $"{SectionName}:CheckpointInterval is {CheckpointInterval}; accepted: 00:00:00.1 to 00:10:00";
        }
        if (DuplicateWindow is < 0 or > 1024)
        {
            return $"{SectionName}:DuplicateWindow is {DuplicateWindow}; accepted: 0 (off) to 1024 CDR ids per subscriber";
        }
        if (SubscriberIdle < TimeSpan.FromSeconds(10) || SubscriberIdle > TimeSpan.FromDays(7))
        {
            return $"{SectionName}:SubscriberIdle is {SubscriberIdle}; accepted: 00:00:10 to 7.00:00:00";
        }
        if (MemoryLimitPercent != 0 && (MemoryLimitPercent is < 10 or > 100 || MemoryTargetPercent < 5 || MemoryTargetPercent >= MemoryLimitPercent))
        {
            return $"{SectionName}:MemoryLimitPercent is {MemoryLimitPercent} and MemoryTargetPercent {MemoryTargetPercent}; accepted: a limit of 10 to 100 " +
                "(or 0: no shedding) and a target of 5 or more below it";
        }
        if (!Enum.IsDefined(StateWrites))
        {
            return $"{SectionName}:StateWrites is '{StateWrites}'; accepted: {string.Join(", ", Enum.GetNames<StateWriteMode>())}";
        }
        return null;
    }
}
