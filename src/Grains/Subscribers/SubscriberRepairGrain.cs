using Cdr.Orleans.Contracts;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Domain.Cdrs;
using Cdr.Orleans.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Storage;

namespace Cdr.Orleans.Grains.Subscribers;

/// <summary>
/// Resets a subscriber whose stored state cannot be read: reads it as the subscriber grain would, and only when that
/// fails with <see cref="UnreadableState"/> deletes it (the grain never activated, so nothing holds it in memory).
/// </summary>
[StatelessWorker]
public sealed partial class SubscriberRepairGrain(IServiceProvider services, ILogger<SubscriberRepairGrain> logger) : Grain, ISubscriberRepairGrain
{
    public async Task<RepairResult> ResetAsync(string msisdn)
    {
        if (!Msisdn.IsValid(msisdn))
        {
            return new(false, $"'{msisdn}' is not an E.164 number; accepted: '+' then 8 to 15 digits, e.g. +447700900123");
        }
        var storage = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Subscribers);
        var grainId = ((GrainReference)GrainFactory.GetGrain<ISubscriberGrain>(msisdn)).GrainId;
        try
        {
            await storage.ReadStateAsync(SubscriberGrain.StateName, grainId, new GrainState<SubscriberState>());
            return new(false, $"the stored state of {msisdn} can be read; nothing to reset (a reset is for a state that cannot be read)");
        }
        catch (Exception error) when (UnreadableState.ReasonOf(error) is { } reason)
        {
            if (storage is not IForcedClear clear)
            {
                return new(false, $"the stored state of {msisdn} cannot be read, and this storage cannot delete it unread: {reason}");
            }
            var deleted = await clear.ForceClearAsync(SubscriberGrain.StateName, grainId);
            LogReset(logger, Msisdn.Mask(msisdn), deleted);
            return new(deleted, deleted
                ? $"the stored state of {msisdn}, which could not be read, is deleted: the subscriber starts afresh with its next CDR"
                : $"the stored state of {msisdn} was already gone");
        }
    }

    [LoggerMessage(EventId = 1210, Level = LogLevel.Warning, Message = "Subscriber {Msisdn}: unreadable stored state deleted by a reset ({Deleted})")]
    private static partial void LogReset(ILogger logger, string msisdn, bool deleted);
}
