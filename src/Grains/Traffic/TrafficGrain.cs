using Cdr.Orleans.Contracts;
using Cdr.Orleans.Contracts.Traffic;
using Cdr.Orleans.Domain.Traffic;
using Cdr.Orleans.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Grains.Traffic;

/// <summary>
/// The cluster's live call volume per minute (<see cref="TrafficHistory"/>), kept for
/// <see cref="EngineOptions.TrafficRetention"/> and stored in the engine storage every
/// <see cref="SaveInterval"/> when changed (and when it deactivates), so a durable cluster keeps its history.
/// </summary>
public sealed class TrafficGrain(
    [PersistentState("traffic", StorageNames.Engine)] IPersistentState<TrafficHistory> stored,
    IOptions<EngineOptions> options,
    EngineStoragePolicy storage) : Grain, ITrafficGrain
{
    public static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(10);

    private bool changed;

    private TrafficHistory History => stored.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        History.RetentionMinutes = (int)Math.Ceiling(options.Value.TrafficRetention.TotalMinutes);
        this.RegisterGrainTimer(SaveAsync, SaveInterval, SaveInterval);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        storage.WriteOnDeactivation(reason.ReasonCode) ? SaveAsync(cancellationToken) : Task.CompletedTask;

    public Task AddAsync(IReadOnlyList<TrafficEntry> counted)
    {
        History.Add(counted);
        changed = true;
        return Task.CompletedTask;
    }

    public Task<TrafficTotals> TotalsAsync(TrafficDimension dimension, int minutes) => Task.FromResult(History.Totals(dimension, minutes));

    public Task<TrafficSeries> SeriesAsync(TrafficDimension dimension, int minutes) => Task.FromResult(History.Series(dimension, minutes));

    public Task<TrafficTotals> HoursAsync() => Task.FromResult(History.Hours());

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        if (!changed || !storage.CanWrite)
        {
            return;
        }
        changed = false;
        try
        {
            await stored.WriteStateAsync(cancellationToken);
        }
        catch
        {
            changed = true; // tried again at the next interval
            throw;
        }
    }
}
