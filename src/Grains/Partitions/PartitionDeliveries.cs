using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Grains.Hosting;
using Cdr.Orleans.Grains.Stats;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Grains.Partitions;

/// <summary>
/// Makes each partition grain's <see cref="PartitionDelivery"/> from this silo's services (a singleton). The log is
/// there only when subscribers write at checkpoints (durable mode's default).
/// </summary>
public sealed class PartitionDeliveries(
    IOptions<EngineOptions> options,
    HomeNetwork network,
    EngineCounters counters,
    TimeProvider time,
    ILogger<PartitionDelivery> logger,
    Subscribers.DeadLetterOutbox deadLetters,
    IPartitionLog? log = null)
{
    public TimeSpan CheckpointInterval => options.Value.CheckpointInterval;

    public PartitionDelivery Create(int partition, Func<string, ISubscriberGrain> subscriber) =>
        new(partition, log, subscriber, network, options.Value.FutureTolerance, counters, time, logger, deadLetters);
}
