using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Grains.Hosting;
using Cdr.Orleans.Grains.Stats;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Cdr.Orleans.Grains.Partitions;

/// <summary>
/// Consumes one CDR partition: validates and enriches each CDR, groups the batch by subscriber, calls every
/// subscriber once in parallel, and completes <see cref="OnNextAsync"/> only when all have applied and stored it.
/// That completion is the stream's acknowledgement and its backpressure.
/// </summary>
[ImplicitStreamSubscription(CdrStreamOptions.Namespace)]
public sealed partial class PartitionGrain(
    EngineCounters counters,
    IOptions<EngineOptions> options,
    HomeNetwork network,
    Campaigns.CampaignCatalog campaigns,
    TimeProvider time,
    ILogger<PartitionGrain> logger) : Grain, IPartitionGrain, IStreamSubscriptionObserver, IAsyncObserver<CdrBatch>
{
    private readonly EngineOptions engine = options.Value;
    private GrainType subscriberType;
    private GrainInterfaceType subscriberInterface;

    /// <summary>How long a partition waits for this silo's first campaign catalog before its activation fails (and is retried).</summary>
    public static readonly TimeSpan CatalogWait = TimeSpan.FromSeconds(30);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Resolve the subscriber grain's type once: GetGrain<T>(string) resolves the interface type from its name on
        // every call, which was ~17% of all allocation on the hot path (bench, 100k subscribers).
        var prototype = (GrainReference)GrainFactory.GetGrain<ISubscriberGrain>("+0");
        (subscriberType, subscriberInterface) = (prototype.GrainId.Type, prototype.InterfaceType);

        // No CDR is folded before the campaigns are known: evaluating against an empty set would lose offers silently.
        try
        {
            await campaigns.WhenLoaded.WaitAsync(CatalogWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the campaign catalog was not loaded within {CatalogWait.TotalSeconds:0} s; is the campaign registry reachable?");
        }
    }

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<CdrBatch>().ResumeAsync(this);

    public async Task OnNextAsync(CdrBatch batch, StreamSequenceToken? token = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var valid = new List<CallDetailRecord>(batch.Cdrs.Count);
        foreach (var cdr in batch.Cdrs)
        {
            if (CdrIntake.Accept(cdr, now, engine.FutureTolerance, out var reason) is { } accepted)
            {
                valid.Add(accepted);
                continue;
            }
            counters.Rejected(CdrValidator.CodeOf(reason!));
            LogRejected(logger, Msisdn.Mask(cdr.Caller ?? ""), reason!);
        }

        var routed = PartitionRouter.Route(batch.Partition, token?.SequenceNumber ?? 0, valid, network, batch.PublishedUtc);
        // All calls are sent before the first await, so they run in parallel; awaiting the ValueTasks one by one then
        // costs no Task per call. Every call is awaited even when one fails, and the first failure is rethrown.
        var calls = new ValueTask[routed.Count];
        var i = 0;
        foreach (var (msisdn, subscriberBatch) in routed)
        {
            calls[i++] = ((ISubscriberGrain)GrainFactory.GetGrain(GrainId.Create(subscriberType, msisdn), subscriberInterface)).ApplyAsync(subscriberBatch);
        }
        Exception? failure = null;
        foreach (var call in calls)
        {
            try
            {
                await call;
            }
            catch (Exception error)
            {
                failure ??= error;
            }
        }
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        counters.Applied(valid.Count);
        counters.BatchLag(time.GetUtcNow().UtcDateTime - batch.PublishedUtc);
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(logger, this.GetPrimaryKeyString(), ex.Message);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rejected a CDR of {Caller}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string caller, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream error on CDR partition {Partition}: {Reason}")]
    private static partial void LogStreamError(ILogger logger, string partition, string reason);
}
