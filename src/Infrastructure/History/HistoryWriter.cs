using System.Text.Json;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Responses;
using Cdr.Orleans.Contracts.Traffic;
using Cdr.Orleans.Domain.Cdrs;
using Microsoft.Extensions.Logging;

namespace Cdr.Orleans.Infrastructure.History;

/// <summary>
/// One silo's history (docs/history.md): the rows of every table buffered as they happen, written as Parquet parts
/// under <see cref="Directory"/> by <see cref="FlushAsync"/>, merged per hour and pruned by <see cref="MaintainAsync"/>.
/// Each silo writes files of its own name (<see cref="Writer"/>), so silos sharing a directory never write the same
/// file, and a restarted silo only adds parts. Without a directory every call does nothing.
/// </summary>
public sealed partial class HistoryWriter
{
    public const string Traffic = "traffic";
    public const string Decisions = "decisions";
    public const string Deliveries = "deliveries";
    public const string Responses = "responses";
    public const string DeadLetters = "dead_letters";

    /// <summary>Every table, in the order docs/history.md lists them.</summary>
    public static readonly string[] Tables = [Traffic, Decisions, Deliveries, Responses, DeadLetters];

    private readonly HistoryOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<HistoryWriter> logger;
    private readonly Lock trafficGate = new();
    private Dictionary<TrafficCell, TrafficCounts> traffic = [];
    private readonly HistoryTable<TrafficRecord> trafficRows;
    private readonly HistoryTable<DecisionRecord> decisions;
    private readonly HistoryTable<DeliveryRecord> deliveries;
    private readonly HistoryTable<ResponseRecord> responses;
    private readonly HistoryTable<DeadLetterRecord> deadLetters;
    private readonly HistoryFiles.ITable[] tables;
    private readonly string started;
    private int sequence;

    public HistoryWriter(HistoryOptions options, string? dataDirectory, string silo, TimeProvider time, ILogger<HistoryWriter> logger)
    {
        (this.options, this.time, this.logger) = (options, time, logger);
        Directory = options.Resolve(dataDirectory);
        Silo = silo;
        Writer = HistoryFiles.WriterName(silo);
        // The start and a random part: a restarted silo's parts never take the name of its earlier life's.
        started = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        var max = options.MaxBufferedRows;
        tables =
        [
            trafficRows = new(Traffic, max, logger), decisions = new(Decisions, max, logger), deliveries = new(Deliveries, max, logger),
            responses = new(Responses, max, logger), deadLetters = new(DeadLetters, max, logger),
        ];
    }

    /// <summary>Where the files go; null: no history.</summary>
    public string? Directory { get; }

    public bool Enabled => Directory is not null;

    public string Silo { get; }

    public string Writer { get; }

    public TimeSpan FlushInterval => options.FlushInterval;

    /// <summary>
    /// Traffic cells held before a flush comes early. Live traffic fills a few thousand a minute; a replay of old files
    /// fills a day's minutes in seconds, and would otherwise hold them all until the flush.
    /// </summary>
    public const int EarlyFlushCells = 100_000;

    /// <summary>Whether the buffered traffic is large enough to write now rather than at the next interval.</summary>
    public bool FlushDue
    {
        get
        {
            lock (trafficGate)
            {
                return traffic.Count >= EarlyFlushCells;
            }
        }
    }

    /// <summary>Call volume counted since the last call, added up per cell until the next flush.</summary>
    public void AddTraffic(IReadOnlyList<TrafficEntry> entries)
    {
        if (!Enabled)
        {
            return;
        }
        lock (trafficGate)
        {
            foreach (var (cell, counts) in entries)
            {
                traffic[cell] = traffic.GetValueOrDefault(cell) + counts;
            }
        }
    }

    public void AddDecisions(IReadOnlyList<OfferDecision> made)
    {
        if (!Enabled)
        {
            return;
        }
        foreach (var d in made)
        {
            var decided = d.DecidedUtc ?? d.CdrStartUtc;
            decisions.Add(new DecisionRecord
            {
                DecidedUtc = decided, OfferId = d.Id, Campaign = d.CampaignId, Subscriber = Msisdn.Mask(d.Msisdn),
                Outcome = d.Outcome == OfferOutcome.Sent ? "sent" : "held_out", Policy = d.Policy, OfferCode = d.OfferCode, Channel = d.Channel,
                Value = (double)d.Value, Propensity = d.Propensity, Explored = d.Explored, CdrId = d.CdrId, CdrStartUtc = d.CdrStartUtc,
                LagMs = d.PublishedUtc is { } published ? Math.Max(0, (decided - published).TotalMilliseconds) : null,
                Values = JsonSerializer.Serialize(d.Values), Silo = Silo,
            });
        }
    }

    public void AddDelivery(OfferDelivery delivery)
    {
        if (Enabled)
        {
            deliveries.Add(new DeliveryRecord
            {
                UpdatedUtc = delivery.UpdatedUtc, OfferId = delivery.OfferId, Campaign = delivery.CampaignId, Channel = delivery.Channel,
                Status = delivery.Status.ToString().ToLowerInvariant(), Attempts = delivery.Attempts, Error = delivery.LastError, Silo = Silo,
            });
        }
    }

    public void AddResponse(OfferAnswer answer, AnsweredOffer offer)
    {
        if (Enabled)
        {
            responses.Add(new ResponseRecord
            {
                RespondedUtc = answer.AtUtc, OfferId = offer.OfferId, Campaign = offer.CampaignId, Response = answer.Response.ToString().ToLowerInvariant(),
                HeldOut = offer.Outcome != OfferOutcome.Sent, DecidedUtc = offer.DecidedUtc, Source = answer.Source, Silo = Silo,
            });
        }
    }

    public void AddDeadLetters(IReadOnlyList<DeadLetter> letters)
    {
        if (!Enabled)
        {
            return;
        }
        foreach (var letter in letters)
        {
            deadLetters.Add(new DeadLetterRecord
            {
                AtUtc = letter.AtUtc, Partition = letter.Partition, Subscriber = Msisdn.Mask(letter.Subscriber), CdrId = letter.CdrId,
                Reason = letter.Reason, Silo = Silo,
            });
        }
    }

    /// <summary>Writes what every table buffered as a new part of the current hour.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (Directory is not { } directory)
        {
            return;
        }
        Dictionary<TrafficCell, TrafficCounts> counted;
        lock (trafficGate)
        {
            (counted, traffic) = (traffic, []);
        }
        trafficRows.AddRange(counted.Select(c => new TrafficRecord
        {
            Minute = TrafficCell.StartOf(c.Key.Minute), Dimension = DimensionName(c.Key.Dimension), Value = c.Key.Value,
            Cdrs = c.Value.Cdrs, VoiceSeconds = c.Value.VoiceSeconds, Sms = c.Value.Sms, DataBytes = c.Value.DataBytes, Silo = Silo,
        }));
        var hour = HourOf(time.GetUtcNow().UtcDateTime);
        var part = $"{Writer}~{started}-{Interlocked.Increment(ref sequence):D6}.parquet";
        foreach (var table in tables)
        {
            await table.FlushAsync(HistoryFiles.HourFolder(directory, table.Name, hour), part, cancellationToken);
        }
    }

    /// <summary>
    /// Merges this writer's parts of every hour that is over into one file per hour (and finishes a merge a stopped
    /// silo left half done); deletes the days older than the retention.
    /// </summary>
    public async Task MaintainAsync(CancellationToken cancellationToken)
    {
        if (Directory is not { } directory)
        {
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var currentHour = HourOf(now);
        var oldestDay = now.Date.AddDays(-options.RetentionDays);
        foreach (var table in tables)
        {
            var tableFolder = Path.Combine(directory, table.Name);
            if (!System.IO.Directory.Exists(tableFolder))
            {
                continue;
            }
            foreach (var day in System.IO.Directory.EnumerateDirectories(tableFolder))
            {
                foreach (var hourFolder in System.IO.Directory.EnumerateDirectories(day))
                {
                    if (HistoryFiles.HourOf(day, hourFolder) is not { } hour)
                    {
                        continue;
                    }
                    if (hour < oldestDay)
                    {
                        System.IO.Directory.Delete(hourFolder, recursive: true);
                    }
                    else if (hour < currentHour)
                    {
                        try
                        {
                            await table.CompactAsync(hourFolder, Writer, cancellationToken);
                        }
                        catch (IOException error)
                        {
                            LogNotMerged(logger, error, hourFolder);
                        }
                    }
                }
                if (!System.IO.Directory.EnumerateFileSystemEntries(day).Any())
                {
                    System.IO.Directory.Delete(day);
                }
            }
        }
    }

    /// <summary>The <c>dimension</c> column's value: <c>region</c>, <c>operator</c>, <c>type</c>, <c>callee_country</c>, <c>category</c>.</summary>
    public static string DimensionName(TrafficDimension dimension) => Domain.Text.SnakeCase.Of(dimension.ToString());

    private static DateTime HourOf(DateTime utc) => new(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc);

    [LoggerMessage(EventId = 1904, Level = LogLevel.Warning, Message = "History: the parts in {Folder} could not be merged now; tried again within the hour")]
    private static partial void LogNotMerged(ILogger logger, Exception error, string folder);
}
