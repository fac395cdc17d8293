using Cdr.Orleans.Contracts;
using Cdr.Orleans.Contracts.Campaigns;
using Orleans.Concurrency;

namespace Cdr.Orleans.Grains.Campaigns;

/// <summary>
/// One campaign's budget, shared by every silo. Offers are granted in leases, and only once the count that includes
/// them is stored, so the budget holds across restarts; requests that arrive while a write is in flight share the next
/// write (group commit). A lease is at most a quarter of what is left, and the last <see cref="ExactTail"/> offers
/// go one at a time, so offers left unused on a silo that stops triggering are few and never the last ones. Reentrant for the group commit; all state changes happen between awaits on
/// the grain's single thread.
/// </summary>
[Reentrant]
public sealed class CampaignBudgetGrain(
    [PersistentState("budget", StorageNames.Engine)] IPersistentState<CampaignBudgetState> state) : Grain, ICampaignBudgetGrain
{
    /// <summary>Below this many offers left, leases are of one offer.</summary>
    public const int ExactTail = 64;

    private long reserved = -1; // granted or being granted; never above the limit
    private TaskCompletionSource? nextWrite;
    private bool writing;

    public Task SetLimitAsync(long? limit)
    {
        state.State.Limit = limit;
        return CommitAsync();
    }

    public async Task<int> TakeAsync(int wanted)
    {
        if (reserved < 0)
        {
            reserved = state.State.Taken;
        }
        var left = state.State.Limit is { } limit ? limit - reserved : long.MaxValue;
        if (left <= 0)
        {
            return 0;
        }
        // The last offers go one at a time: an offer leased one at a time is sent by the grain that asked for it, so
        // none is left unused on a silo whose subscribers stopped triggering, and the budget is spent to the last one.
        var granted = left <= ExactTail ? 1 : (int)Math.Min(Math.Max(1, wanted), left / 4);
        reserved += granted;
        await CommitAsync();
        return granted;
    }

    public Task<BudgetState> GetAsync() => Task.FromResult(new BudgetState(state.State.Limit, state.State.Taken));

    private Task CommitAsync()
    {
        nextWrite ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = nextWrite.Task;
        if (!writing)
        {
            _ = WriteLoopAsync();
        }
        return done;
    }

    private async Task WriteLoopAsync()
    {
        writing = true;
        try
        {
            while (nextWrite is { } batch)
            {
                nextWrite = null;
                if (reserved >= 0)
                {
                    state.State.Taken = reserved;
                }
                try
                {
                    await state.WriteStateAsync();
                    batch.SetResult();
                }
                catch (Exception error)
                {
                    // Reservations stay counted: a failed write can leave budget unused, never exceeded.
                    batch.SetException(error);
                }
            }
        }
        finally
        {
            writing = false;
        }
    }
}
