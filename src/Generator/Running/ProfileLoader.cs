using Cdr.Orleans.Contracts.Subscribers;

namespace Cdr.Orleans.Generator.Running;

/// <summary>Loads profiles into the subscriber grains, many calls in flight at once.</summary>
public static class ProfileLoader
{
    public static async Task<long> LoadAsync(IGrainFactory grains, IEnumerable<SubscriberProfile> profiles, Action<long>? progress, CancellationToken cancellationToken)
    {
        long loaded = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = 512, CancellationToken = cancellationToken };
        using var ticker = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var report = Task.Run(async () =>
        {
            while (await ticker.WaitForNextTickAsync(CancellationToken.None))
            {
                progress?.Invoke(Interlocked.Read(ref loaded));
            }
        }, CancellationToken.None);
        await Parallel.ForEachAsync(profiles, options, async (profile, _) =>
        {
            await grains.GetGrain<ISubscriberGrain>(profile.Msisdn).SetProfileAsync(profile);
            Interlocked.Increment(ref loaded);
        });
        ticker.Dispose();
        await report;
        progress?.Invoke(loaded);
        return loaded;
    }
}
