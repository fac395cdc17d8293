using System.Threading.Channels;
using Cdr.Orleans.Contracts.Campaigns;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cdr.Orleans.Grains.Campaigns;

/// <summary>
/// Gathers the offer decisions of all subscriber grains on this silo and hands them to the sink in batches: one sink
/// call carries whatever arrived while the previous one was in flight, so the sink sees a few calls a second at any
/// offer rate and an offer waits at most one sink call. <see cref="SendAsync"/> completes when its decisions are in
/// the sink, and the subscriber grain awaits it before acknowledging its CDRs: an acknowledged offer is not lost here.
/// Once stored, the batch goes to <c>afterStored</c>: embedded mode's <see cref="Delivery.OfferDispatcher"/> (durable
/// mode's silos read the offer stream instead, <see cref="Delivery.RedisDeliveryFeeder"/>).
/// </summary>
public sealed partial class OfferOutbox(IOfferSink sink, Action<IReadOnlyList<OfferDecision>> afterStored, ILogger<OfferOutbox> logger) : BackgroundService
{
    private const int MaxBatch = 2_000;
    private readonly Channel<(IReadOnlyList<OfferDecision> Decisions, TaskCompletionSource Done)> queue =
        Channel.CreateUnbounded<(IReadOnlyList<OfferDecision>, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    public Task SendAsync(IReadOnlyList<OfferDecision> decisions)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!queue.Writer.TryWrite((decisions, done)))
        {
            done.SetException(new InvalidOperationException("the silo is stopping; offers are no longer accepted"));
        }
        return done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<OfferDecision>();
        var waiting = new List<TaskCompletionSource>();
        var reader = queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && reader.TryRead(out var item))
                {
                    batch.AddRange(item.Decisions);
                    waiting.Add(item.Done);
                }
                try
                {
                    await sink.PublishAsync(batch, stoppingToken);
                    afterStored(batch); // stored first: an offer is never sent without its record
                    waiting.ForEach(w => w.TrySetResult());
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogSinkFailed(logger, ex, batch.Count);
                    waiting.ForEach(w => w.TrySetException(ex));
                }
                batch.Clear();
                waiting.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            queue.Writer.TryComplete();
            var stopping = new InvalidOperationException("the silo stopped before these offers reached the sink");
            waiting.ForEach(w => w.TrySetException(stopping));
            while (reader.TryRead(out var item))
            {
                item.Done.TrySetException(stopping);
            }
        }
    }

    [LoggerMessage(EventId = 1310, Level = LogLevel.Error, Message = "Could not store {Count} offer decisions in the offer sink")]
    private static partial void LogSinkFailed(ILogger logger, Exception error, int count);
}
