using System.Globalization;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Contracts.Subscribers;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Cdr.Orleans.Grains.Partitions;

/// <summary>
/// Consumes one CDR partition: the Orleans glue around its <see cref="PartitionDelivery"/>. Each batch is delivered
/// before <see cref="OnNextAsync"/> completes: that completion is the stream's backpressure, and its acknowledgement
/// unless the partition checkpoints (then a timer runs the checkpoints that acknowledge).
/// </summary>
[ImplicitStreamSubscription(CdrStreamOptions.Namespace)]
public sealed partial class PartitionGrain(
    PartitionDeliveries deliveries,
    Campaigns.CampaignCatalog campaigns,
    Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime,
    ILogger<PartitionGrain> logger) : Grain, IPartitionGrain, IStreamSubscriptionObserver, IAsyncObserver<CdrBatch>
{
    /// <summary>How long a partition waits for this silo's first campaign catalog before its activation fails (and is retried).</summary>
    public static readonly TimeSpan CatalogWait = TimeSpan.FromSeconds(30);

    private PartitionDelivery delivery = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Resolve the subscriber grain's type once: GetGrain<T>(string) resolves the interface type from its name on
        // every call, a measurable share of the hot path's allocation.
        var prototype = (GrainReference)GrainFactory.GetGrain<ISubscriberGrain>("+0");
        var (subscriberType, subscriberInterface) = (prototype.GrainId.Type, prototype.InterfaceType);
        var partition = int.Parse(this.GetPrimaryKeyString(), CultureInfo.InvariantCulture);
        delivery = deliveries.Create(partition,
            msisdn => (ISubscriberGrain)GrainFactory.GetGrain(GrainId.Create(subscriberType, msisdn), subscriberInterface));

        // No CDR is folded before the campaigns are known: evaluating against an empty set would lose offers silently.
        try
        {
            await campaigns.WhenLoaded.WaitAsync(CatalogWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the campaign catalog was not loaded within {CatalogWait.TotalSeconds:0} s; is the campaign registry reachable?");
        }
        if (delivery.Checkpoints)
        {
            // Partitions start together; a random first tick spreads their checkpoints over the interval, so the cluster
            // never has every subscriber writing at once. None once the silo stops: its subscribers are deactivating
            // (and write as they go), so a checkpoint's calls would find them gone and fail, thousands at once.
            var interval = deliveries.CheckpointInterval;
            var stopping = lifetime.ApplicationStopping;
            this.RegisterGrainTimer(_ => stopping.IsCancellationRequested ? Task.CompletedTask : delivery.CheckpointIfDueAsync(),
                interval * (0.5 + Random.Shared.NextDouble()), interval);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Saves the next activation a replay. Not when the silo stops: its subscribers are deactivating too (and write as
        // they go), and what stays unacknowledged is given again, and skipped, after the restart.
        if (delivery is { Checkpoints: true, HasPending: true } && reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
        {
            await delivery.CheckpointAsync();
        }
    }

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<CdrBatch>().ResumeAsync(this);

    public Task OnNextAsync(CdrBatch batch, StreamSequenceToken? token = null) =>
        delivery.DeliverAsync(batch, token?.SequenceNumber ?? 0);

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(logger, ex, this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Stream error on CDR partition {Partition}")]
    private static partial void LogStreamError(ILogger logger, Exception error, string partition);
}
