using Cdr.Orleans.Contracts.Subscribers;

namespace Cdr.Orleans.Cluster;

/// <summary>Loads profiles into the subscriber grains, many calls in flight at once: the generator, the demo and <c>cdr subscriber load</c>.</summary>
public static class ProfileLoader
{
    /// <param name="keepResident">
    /// False (the default): a subscriber loaded while not resident leaves memory once its profile is stored and it is on
    /// the roster (at once in durable mode; about 20 s in embedded mode, so a load holds at most the last 20 s of
    /// profiles); its first CDR brings it back. True: every one stays, as the bench wants them (its figures are the
    /// engine's with every subscriber resident unless it says otherwise).
    /// </param>
    public static async Task<long> LoadAsync(IGrainFactory grains, IEnumerable<SubscriberProfile> profiles, Action<long>? progress, CancellationToken cancellationToken,
        bool keepResident = false)
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
            var subscriber = grains.GetGrain<ISubscriberGrain>(profile.Msisdn);
            await (keepResident ? subscriber.SetProfileAsync(profile) : subscriber.LoadProfileAsync(profile));
            Interlocked.Increment(ref loaded);
        });
        ticker.Dispose();
        await report;
        progress?.Invoke(loaded);
        return loaded;
    }
}
