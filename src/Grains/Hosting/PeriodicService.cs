using Microsoft.Extensions.Hosting;

namespace Cdr.Orleans.Grains.Hosting;

/// <summary>
/// A silo's background work on a fixed period: <see cref="TickAsync"/> every <see cref="Interval"/> while the silo
/// runs, and, when asked, once as it starts and once more as it stops. The pollers (campaigns, directory) and the
/// senders (statistics, call volume, roster) are all one of these.
/// </summary>
public abstract class PeriodicService(TimeProvider time) : BackgroundService
{
    protected TimeProvider Time { get; } = time;

    protected abstract TimeSpan Interval { get; }

    /// <summary>False: there is nothing to do, and the service does not run.</summary>
    protected virtual bool Enabled => true;

    /// <summary>Tick as soon as the service starts (a poller wants its first answer now, not one period later).</summary>
    protected virtual bool TickAtStart => false;

    /// <summary>Tick once more as the silo stops (a sender sends what it gathered since the last tick).</summary>
    protected virtual bool TickAtStop => false;

    protected abstract Task TickAsync(CancellationToken stoppingToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(Interval, Time);
        try
        {
            if (TickAtStart)
            {
                await TickAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TickAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (Enabled && TickAtStop)
        {
            await TickAsync(CancellationToken.None);
        }
    }
}
