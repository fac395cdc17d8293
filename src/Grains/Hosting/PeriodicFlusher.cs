using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Grains.Hosting;

/// <summary>
/// Sends what this silo gathered to the cluster every <see cref="Interval"/>, and once more as the silo stops.
/// <see cref="FlushAsync"/> keeps what it could not send for the next tick.
/// </summary>
public abstract class PeriodicFlusher(IOptions<EngineOptions> options, TimeProvider time) : BackgroundService
{
    /// <summary><see cref="EngineOptions.StatsInterval"/> unless the flusher says otherwise.</summary>
    protected virtual TimeSpan Interval => options.Value.StatsInterval;

    /// <summary>False: nothing is gathered, so the flusher does not run.</summary>
    protected virtual bool Enabled => true;

    protected abstract Task FlushAsync();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (Enabled)
        {
            await FlushAsync(); // what was gathered since the last tick
        }
    }
}
