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
    public static Dictionary<string, SubscriberBatch> Route(
        int partition, long position, IReadOnlyList<CallDetailRecord> cdrs, HomeNetwork network, DateTime? publishedUtc = null)
    {
        // One dictionary of both directions; most subscribers appear once per batch, so lists start small.
        var groups = new Dictionary<string, (List<CallDetailRecord>? Outgoing, List<CallDetailRecord>? Incoming)>(cdrs.Count, StringComparer.Ordinal);
        foreach (var cdr in cdrs)
        {
            ref var caller = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, cdr.Caller, out _);
            (caller.Outgoing ??= new List<CallDetailRecord>(1)).Add(cdr);
            if (CdrIntake.ReachesCallee(cdr, network))
            {
                ref var callee = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, cdr.Callee, out _);
                (callee.Incoming ??= new List<CallDetailRecord>(1)).Add(cdr);
            }
        }
        var batches = new Dictionary<string, SubscriberBatch>(groups.Count, StringComparer.Ordinal);
        foreach (var (msisdn, (outgoing, incoming)) in groups)
        {
            batches[msisdn] = new SubscriberBatch(partition, position, (IReadOnlyList<CallDetailRecord>?)outgoing ?? [], (IReadOnlyList<CallDetailRecord>?)incoming ?? [], publishedUtc);
        }
        return batches;
    }
}
