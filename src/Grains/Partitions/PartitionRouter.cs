using System.Runtime.InteropServices;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain;

namespace Cdr.Orleans.Grains.Partitions;

/// <summary>
/// Splits a validated partition batch into one <see cref="SubscriberBatch"/> per subscriber: the CDRs each originated,
/// and the voice calls and SMS each received from a callee that may be a subscriber (<see cref="HomeNetwork.MayBeSubscriber"/>).
/// </summary>
public static class PartitionRouter
{
    /// <param name="positions">
    /// Null: every subscriber's batch is at <paramref name="position"/>. Otherwise the position of each CDR's message, and
    /// each subscriber's batch is at the position of its CDRs, which the caller makes sure are of one message.
    /// </param>
    public static Dictionary<string, SubscriberBatch> Route(
        int partition, long position, IReadOnlyList<CallDetailRecord> cdrs, HomeNetwork network, DateTime? publishedUtc = null, IReadOnlyList<long>? positions = null)
    {
        // One dictionary of both directions; most subscribers appear once per batch, so lists start small.
        var groups = new Dictionary<string, (List<CallDetailRecord>? Outgoing, List<CallDetailRecord>? Incoming, long Position)>(cdrs.Count, StringComparer.Ordinal);
        for (var i = 0; i < cdrs.Count; i++)
        {
            var cdr = cdrs[i];
            var at = positions?[i] ?? position;
            ref var caller = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, cdr.Caller, out _);
            (caller.Outgoing ??= new List<CallDetailRecord>(1)).Add(cdr);
            caller.Position = at;
            if (CdrIntake.ReachesCallee(cdr, network))
            {
                ref var callee = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, cdr.Callee, out _);
                (callee.Incoming ??= new List<CallDetailRecord>(1)).Add(cdr);
                callee.Position = at;
            }
        }
        var batches = new Dictionary<string, SubscriberBatch>(groups.Count, StringComparer.Ordinal);
        foreach (var (msisdn, (outgoing, incoming, at)) in groups)
        {
            batches[msisdn] = new SubscriberBatch(partition, at, (IReadOnlyList<CallDetailRecord>?)outgoing ?? [], (IReadOnlyList<CallDetailRecord>?)incoming ?? [], publishedUtc);
        }
        return batches;
    }
}
