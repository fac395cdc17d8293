using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Grains.Domain;

namespace Cdr.Orleans.Grains.Partitions;

/// <summary>
/// Splits a validated partition batch into one <see cref="SubscriberBatch"/> per subscriber: the CDRs each originated,
/// and the voice calls and SMS each received from a callee that may be a subscriber (<see cref="HomeNetwork.MayBeSubscriber"/>).
/// </summary>
public static class PartitionRouter
{
    public static Dictionary<string, SubscriberBatch> Route(
        int partition, long position, IReadOnlyList<CallDetailRecord> cdrs, HomeNetwork network)
    {
        var outgoing = new Dictionary<string, List<CallDetailRecord>>(cdrs.Count, StringComparer.Ordinal);
        var incoming = new Dictionary<string, List<CallDetailRecord>>(StringComparer.Ordinal);
        foreach (var cdr in cdrs)
        {
            Add(outgoing, cdr.Caller, cdr);
            if (cdr.Type != CdrType.Data
                && cdr.Callee != cdr.Caller
                && network.MayBeSubscriber(cdr.Callee, cdr.CalleeCountry))
            {
                Add(incoming, cdr.Callee, cdr);
            }
        }
        var batches = new Dictionary<string, SubscriberBatch>(outgoing.Count + incoming.Count, StringComparer.Ordinal);
        foreach (var (msisdn, list) in outgoing)
        {
            batches[msisdn] = new SubscriberBatch(partition, position, list, incoming.GetValueOrDefault(msisdn) ?? []);
        }
        foreach (var (msisdn, list) in incoming)
        {
            batches.TryAdd(msisdn, new SubscriberBatch(partition, position, [], list));
        }
        return batches;
    }

    private static void Add(Dictionary<string, List<CallDetailRecord>> groups, string msisdn, CallDetailRecord cdr)
    {
        if (!groups.TryGetValue(msisdn, out var list))
        {
            list = new List<CallDetailRecord>(2);
            groups[msisdn] = list;
        }
        list.Add(cdr);
    }
}
