using System.Collections.Concurrent;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Campaigns;

namespace Cdr.Orleans.Grains.Campaigns;

/// <summary>
/// Campaign budgets for this silo: offers are taken from the campaign's <see cref="ICampaignBudgetGrain"/> in leases
/// that grow (1, 2, 4... up to <see cref="MaxLease"/>) while the campaign keeps sending, and handed out here without
/// a call. One refill at a time per campaign; grains that need an offer meanwhile wait for it. The budget is never
/// exceeded; offers leased to a silo that stops are not sent (at most a lease per silo).
/// </summary>
public sealed class GrainOfferBudget(IGrainFactory grains)
{
    public const int MaxLease = 64;

    private readonly ConcurrentDictionary<(string Id, int Revision), Lease> leases = new();

    /// <summary>Takes one offer from the campaign's budget; false when none is left.</summary>
    public ValueTask<bool> TryTakeAsync(Campaign campaign)
    {
        var lease = leases.GetOrAdd((campaign.Id, campaign.Record.Revision), key => new Lease(grains.GetGrain<ICampaignBudgetGrain>(key.Id)));
        lock (lease.Gate)
        {
            if (lease.Available > 0)
            {
                lease.Available--;
                return ValueTask.FromResult(true);
            }
        }
        return new ValueTask<bool>(TakeAfterRefillAsync(lease));
    }

    private static async Task<bool> TakeAfterRefillAsync(Lease lease)
    {
        while (true)
        {
            Task refill;
            lock (lease.Gate)
            {
                if (lease.Available > 0)
                {
                    lease.Available--;
                    return true;
                }
                if (lease.Spent)
                {
                    return false;
                }
                refill = lease.Refill ??= RefillAsync(lease, lease.NextSize);
            }
            await refill;
        }
    }

    // Started under the lease's lock (so one at a time); touches the lease again only after the call.
    private static async Task RefillAsync(Lease lease, int size)
    {
        int granted;
        try
        {
            granted = await lease.Grain.TakeAsync(size);
        }
        catch
        {
            lock (lease.Gate)
            {
                lease.Refill = null; // the next grain that needs an offer asks again
            }
            throw;
        }
        lock (lease.Gate)
        {
            lease.Available += granted;
            lease.Spent = granted == 0;
            lease.NextSize = Math.Min(MaxLease, size * 2);
            lease.Refill = null;
        }
    }

    private sealed class Lease(ICampaignBudgetGrain grain)
    {
        public readonly Lock Gate = new();
        public readonly ICampaignBudgetGrain Grain = grain;
        public long Available;
        public int NextSize = 1;
        public bool Spent;
        public Task? Refill;
    }
}
