using System.Threading.Channels;
using Cdr.Orleans.Contracts.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cdr.Orleans.Grains.Propensity;

/// <summary>
/// Gathers the training examples (sent offers with their decision-time features) of every subscriber grain on this
/// silo and hands them to each campaign's <see cref="IExampleBookGrain"/> in batches, off the CDR path: a subscriber
/// never waits for it. Bounded: past <see cref="MaxWaiting"/> examples waiting, new ones are dropped and counted (an
/// example is for learning; the offer itself is already in the sink). Examples still here when a silo dies are lost.
/// </summary>
public sealed partial class ExampleOutbox(IGrainFactory grains, ILogger<ExampleOutbox> logger) : BackgroundService
{
    public const int MaxWaiting = 100_000;

    private readonly Channel<(string CampaignId, DecidedExample Example)> queue =
        Channel.CreateBounded<(string, DecidedExample)>(new BoundedChannelOptions(MaxWaiting)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });

    private long dropped;

    /// <summary>Examples dropped because too many were waiting (their books were unreachable or slow).</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    public void Add(string campaignId, DecidedExample example)
    {
        if (!queue.Writer.TryWrite((campaignId, example)))
        {
            Interlocked.Increment(ref dropped);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                var byCampaign = new Dictionary<string, List<DecidedExample>>(StringComparer.Ordinal);
                var count = 0;
                while (count < 10_000 && reader.TryRead(out var item))
                {
                    (byCampaign.TryGetValue(item.CampaignId, out var list) ? list : byCampaign[item.CampaignId] = []).Add(item.Example);
                    count++;
                }
                foreach (var (campaignId, examples) in byCampaign)
                {
                    try
                    {
                        await grains.GetGrain<IExampleBookGrain>(campaignId).AddAsync(examples);
                    }
                    catch (Exception error) when (error is not OperationCanceledException)
                    {
                        Interlocked.Add(ref dropped, examples.Count);
                        LogNotKept(logger, error, examples.Count, campaignId);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 1800, Level = LogLevel.Warning, Message = "{Count} training examples of campaign {CampaignId} not kept (its example book is unreachable)")]
    private static partial void LogNotKept(ILogger logger, Exception error, int count, string campaignId);
}
