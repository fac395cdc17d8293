using Cdr.Orleans.Cluster;
using Cdr.Orleans.Contracts.Callees;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Generator.Running;
using Cdr.Orleans.Generator.Synthesis;
using Cdr.Orleans.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Silo.Demo;

/// <summary>
/// <c>--demo</c>: once the silo is up, loads a small population and feeds it CDRs at a modest rate, so one command
/// shows a living system. Prints where to look and a few numbers to query.
/// </summary>
public sealed class DemoLoad(
    IClusterClient client,
    IOptions<DemoOptions> demo,
    IOptions<CdrStreamOptions> streams,
    IOptions<SiloOptions> silo,
    IOptions<Web.WebConsoleOptions> webConsole,
    DemoControl control,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);

        var options = demo.Value;
        var settings = new LoadSettings { Subscribers = options.Subscribers, Rate = options.Rate, Seed = options.Seed };
        var population = Population.Create(settings.Subscribers, settings.Seed, DateOnly.FromDateTime(DateTime.UtcNow));
        await ProfileLoader.LoadAsync(client, population.Profiles(), null, stoppingToken);
        var directory = BusinessDirectory.Create(settings.Seed);
        await directory.LoadAsync(client, $"demo seed {settings.Seed}"); // so that calls to listed numbers have categories
        var campaigns = await CreateCampaignsAsync();
        var busiest = Enumerable.Range(0, population.Count)
            .OrderByDescending(i => population.Personas[i] == Persona.HeavyCaller)
            .Take(3)
            .Select(i => population.Msisdns[i]);
        Console.WriteLine($"""

            demo: {population.Count:N0} subscribers loaded; publishing about {options.Rate:N0} CDRs/s.
              console:    {(webConsole.Value.PortWith(silo.Value.DashboardPort) is var port and not 0 ? $"http://localhost:{port}/" : "off")}
              dashboard:  http://localhost:{silo.Value.DashboardPort}{CdrSiloBuilderExtensions.DashboardPath}
              campaigns:  {campaigns}
              try:        ./cdr stats
                          ./cdr subscriber show {string.Join(" | ", busiest)}
                          ./cdr campaign list
                          ./cdr offers tail --follow

            """);

        var publisher = new CdrPublisher(client.GetStreamProvider(CdrStreamOptions.ProviderName), streams.Value);
        // The population answers its offers (by persona), so campaign results show acceptance and uplift.
        var responding = RespondAsync(population, settings.Seed, stoppingToken);
        var simulated = DateTime.UtcNow - TimeSpan.FromDays(1);
        var lastPrinted = TimeSpan.Zero;
        CalleeCategory? loadedSkew = null;
        var accounts = new AccountSimulator(population, settings.Seed);
        while (!stoppingToken.IsCancellationRequested)
        {
            // One run per setting of the load page: a change cancels it, and the next goes on from the same simulated time.
            using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, control.Changed);
            if (control.Skew != loadedSkew)
            {
                directory = BusinessDirectory.Create(settings.Seed, control.Skew);
                await directory.LoadAsync(client, $"demo seed {settings.Seed}, leaning to {control.Skew?.ToString() ?? "none"}");
                loadedSkew = control.Skew;
            }
            var synthesizer = new CdrSynthesizer(population, settings.Seed, simulated, settings.Subscribers * settings.CdrsPerDay / 3600.0, directory, accounts);
            try
            {
                if (control.Rate == 0)
                {
                    await Task.Delay(Timeout.Infinite, run.Token); // paused until the next change
                }
                await new LoadRunner(publisher).RunAsync(synthesizer, settings with { Rate = control.Rate }, p =>
                {
                    if (p.Elapsed - lastPrinted >= TimeSpan.FromSeconds(30))
                    {
                        lastPrinted = p.Elapsed;
                        Console.WriteLine($"demo: {p}");
                    }
                }, run.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
            }
            simulated = synthesizer.SimulatedNow;
            lastPrinted = TimeSpan.Zero;
        }
        await responding;
    }

    /// <summary>Answers offers while the load page says so.</summary>
    private async Task RespondAsync(Population population, int seed, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, control.Changed);
            try
            {
                await (control.Answering ? new OfferResponder(client, population, seed).RunAsync(run.Token) : Task.Delay(Timeout.Infinite, run.Token));
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>The shipped campaigns, when the cluster has none yet: the demo then makes offers from the start.</summary>
    private async Task<string> CreateCampaignsAsync()
    {
        var registry = client.GetGrain<ICampaignRegistryGrain>(0);
        var existing = await registry.ListAsync();
        if (existing.Count > 0)
        {
            return $"{existing.Count(c => c.Status == CampaignStatus.Active)} active (kept from before)";
        }
        if (ShippedCampaigns.TryLoad() is not { } shipped)
        {
            return "none (no campaigns/ folder here; create some with: campaign create --file FILE.json)";
        }
        foreach (var definition in shipped)
        {
            await registry.CreateAsync(definition, replace: false, "the demo");
        }
        return $"{shipped.Count} created from campaigns/ ({string.Join(", ", shipped.Select(d => d.Id))})";
    }
}
