using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Subscribers;

namespace Cdr.Orleans.Domain;

/// <summary>
/// The bookkeeping around folding a <see cref="SubscriberBatch"/>: whether to fold it at all, and, once its CDRs are
/// folded, its received CDRs and the position it leaves the subscriber at. permanentPositions in
/// the methods: durable mode, whose stream positions never repeat, so a position applied is never applied again.
/// </summary>
public static class SubscriberBatches
{
    public static BatchStart Start(SubscriberState state, SubscriberBatch batch, bool permanentPositions)
    {
        if (permanentPositions && state.HasApplied(batch.Partition, batch.Position))
        {
            return BatchStart.AppliedAlready;
        }
        return batch.Previous > 0 && !state.HasApplied(batch.Partition, batch.Previous) ? BatchStart.Missing : BatchStart.Fold;
    }

    /// <summary>
    /// After the originated CDRs: folds the received ones and records the batch's position. A received CDR whose id is
    /// among the latest <paramref name="duplicateWindow"/> applied is a repeat and skipped; one whose fold throws is
    /// handed to <paramref name="setAside"/> and the others are folded.
    /// </summary>
    public static void Finish(SubscriberState state, SubscriberBatch batch, bool permanentPositions, int duplicateWindow = 0, Action<CallDetailRecord, Exception>? setAside = null)
    {
        foreach (var cdr in batch.Incoming)
        {
            if (!RecentCdrIds.IsNew(state, cdr.Id, duplicateWindow))
            {
                continue; // a repeat: counted once, on its caller's side
            }
            try
            {
                SubscriberFold.ApplyIncoming(state, cdr);
            }
            catch (Exception error) when (setAside is not null)
            {
                setAside(cdr, error);
            }
        }
        if (permanentPositions)
        {
            state.MarkApplied(batch.Partition, batch.Position);
        }
    }
}
