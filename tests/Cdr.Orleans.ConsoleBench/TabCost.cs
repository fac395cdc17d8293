using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cdr.Orleans.ConsoleBench;

/// <summary>One phase: the silo's CPU (cores in use, from the kernel's count for its process) and its CDR rate.</summary>
public sealed record TabPhase(int Round, bool Tabs, double Cores, double CdrsPerSecond)
{
    public double CpuMsPerThousandCdrs => CdrsPerSecond <= 0 ? double.NaN : Cores * 1000 / CdrsPerSecond * 1000;
}

/// <summary>
/// What open tabs cost the silo: phases without tabs and with N tabs alternate (without-with, then with-without, and
/// so on, after a warm-up phase not counted), reading the silo process's CPU and CDRs applied over each. A tab is what the silo sees of an open page: its live
/// stream, read as it comes, and on a campaign's page the reread of the campaign (its offers and uplift) every 5 s. The
/// tabs are spread over the pages that take live updates (overview, traffic, campaigns, a campaign). Drawing is the
/// browser's work, on the user's machine: left out here, where it would only take the silo's cores. The load should be
/// a fixed rate below the silo's maximum (the demo's), so that the difference is the tabs'.
/// </summary>
public static class TabCost
{
    /// <summary>How often a campaign's page reads the campaign again (console.js).</summary>
    private static readonly TimeSpan CampaignReread = TimeSpan.FromSeconds(5);

    public static async Task<IReadOnlyList<TabPhase>> MeasureAsync(HttpClient http, BenchOptions options, IReadOnlyList<string> liveFragments, Action<TabPhase> report)
    {
        using var silo = Process.GetProcessById(options.SiloPid!.Value);
        await MeasurePhaseAsync(silo, http, options.Phase); // warm-up
        var phases = new List<TabPhase>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            // Without first in odd rounds, with first in even ones: a silo whose CPU still drifts (it does for minutes
            // after starting) then adds as much to one side as to the other.
            foreach (var tabs in round % 2 == 1 ? new[] { false, true } : [true, false])
            {
                await using var open = tabs ? await Tabs.OpenAsync(options.Url, options.Tabs, liveFragments) : null;
                var (cores, rate) = await MeasurePhaseAsync(silo, http, options.Phase);
                var phase = new TabPhase(round, tabs, cores, rate);
                phases.Add(phase);
                report(phase);
                if (open is not null && open.Failure is { } failure)
                {
                    throw new InvalidOperationException($"a tab stopped during the phase: {failure.Message}");
                }
            }
        }
        return phases;
    }

    /// <summary>
    /// The tabs' cost in cores: each round's phase with tabs less its phase without, the median of the rounds. (Both
    /// at the load's fixed rate: the table shows the rates, which should agree.)
    /// </summary>
    public static double CostInCores(IReadOnlyList<TabPhase> phases) => Statistics.Median(phases.Where(p => p.Tabs)
        .Select(with => with.Cores - phases.Single(p => p.Round == with.Round && !p.Tabs).Cores));

    private static async Task<(double Cores, double CdrsPerSecond)> MeasurePhaseAsync(Process silo, HttpClient http, TimeSpan length)
    {
        silo.Refresh();
        var (cpu0, applied0, clock) = (silo.TotalProcessorTime, await AppliedAsync(http), Stopwatch.StartNew());
        await Task.Delay(length);
        silo.Refresh();
        var (cpu1, applied1, elapsed) = (silo.TotalProcessorTime, await AppliedAsync(http), clock.Elapsed);
        return ((cpu1 - cpu0) / elapsed, (applied1 - applied0) / elapsed.TotalSeconds);
    }

    private static async Task<long> AppliedAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("api/overview")).GetProperty("cdrsApplied").GetInt64();

    /// <summary>N open tabs, each on its own connection, until disposed.</summary>
    private sealed class Tabs : IAsyncDisposable
    {
        private readonly HttpClient http;
        private readonly CancellationTokenSource closing = new();
        private Task[] running = [];

        private Tabs(Uri url) => http = new HttpClient { BaseAddress = url, Timeout = Timeout.InfiniteTimeSpan };

        /// <summary>The first error a tab met, if any (the phase is then not what it says).</summary>
        public Exception? Failure { get; private set; }

        public static async Task<Tabs> OpenAsync(Uri url, int count, IReadOnlyList<string> fragments)
        {
            var tabs = new Tabs(url);
            var connected = Enumerable.Range(0, count).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
            tabs.running = [.. Enumerable.Range(0, count).Select(i => tabs.RunAsync(fragments[i % fragments.Count], connected[i]))];
            await Task.WhenAll(connected.Select(c => c.Task)).WaitAsync(TimeSpan.FromSeconds(30));
            return tabs;
        }

        private async Task RunAsync(string fragment, TaskCompletionSource connected)
        {
            try
            {
                var campaign = fragment.StartsWith("campaign/", StringComparison.Ordinal) ? fragment["campaign/".Length..] : null;
                await Task.WhenAll(ListenAsync(connected), campaign is null ? Task.CompletedTask : RereadAsync(campaign));
            }
            catch (Exception error) when (!closing.IsCancellationRequested)
            {
                Failure ??= error;
                connected.TrySetException(error);
            }
            catch (Exception) when (closing.IsCancellationRequested)
            {
                // Closed: the phase is over.
            }
        }

        private async Task ListenAsync(TaskCompletionSource connected)
        {
            using var response = await http.GetAsync("api/live", HttpCompletionOption.ResponseHeadersRead, closing.Token);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(closing.Token));
            while (await reader.ReadLineAsync(closing.Token) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    connected.TrySetResult();
                }
            }
            throw new IOException("the live stream ended");
        }

        private async Task RereadAsync(string campaign)
        {
            using var timer = new PeriodicTimer(CampaignReread);
            while (await timer.WaitForNextTickAsync(closing.Token))
            {
                using var response = await http.GetAsync($"api/campaigns/{campaign}", closing.Token);
                response.EnsureSuccessStatusCode();
                await response.Content.CopyToAsync(Stream.Null, closing.Token);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await closing.CancelAsync();
            await Task.WhenAll(running);
            http.Dispose();
            closing.Dispose();
        }
    }
}
