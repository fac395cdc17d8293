using Cdr.Orleans.Cluster;
using System.Net;
using Cdr.Orleans.Infrastructure.Hosting;
using Cdr.Orleans.Grains.Hosting;
using Cdr.Orleans.Silo.Web;
using Cdr.Orleans.Silo.Demo;
using Orleans.Configuration;
using Orleans.Dashboard;
using OpenTelemetry.Metrics;

namespace Cdr.Orleans.Silo.Hosting;

/// <summary>Everything a silo process needs, in one place: clustering, the engine, the dashboard, the demo load.</summary>
public static class CdrSiloBuilderExtensions
{
    public const string DashboardPath = "/dashboard";

    public static WebApplicationBuilder AddCdrSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Logging.AddFilter(QuietStart.WatchdogCategory, QuietStart.Filter);
        var silo = configuration.ReadSettings<SiloOptions>(SiloOptions.SectionName, o => o.Validate() ?? PortInUse(o));
        var cluster = CdrClusterOptions.From(configuration);
        var addresses = SiloAddresses.Resolve(silo, cluster);
        builder.Services.AddSingleton(addresses);
        builder.Services.AddSettings<SiloOptions>(configuration, SiloOptions.SectionName, o => o.Validate());
        builder.Services.AddSettings<CdrClusterOptions>(configuration, CdrClusterOptions.SectionName, o => o.Validate());

        builder.UseOrleans(orleans =>
        {
            if (cluster.Durable)
            {
                // Durable mode: membership in Redis, so silos on any machine find each other and clients find them.
                orleans.UseRedisClustering(o => o.ConfigurationOptions = cluster.RedisOptions());
                orleans.Configure<EndpointOptions>(o =>
                {
                    o.AdvertisedIPAddress = addresses.Advertised;
                    (o.SiloPort, o.GatewayPort) = (silo.SiloPort, silo.GatewayPort);
                    o.SiloListeningEndpoint = new IPEndPoint(addresses.Listen, silo.SiloPort);
                    o.GatewayListeningEndpoint = new IPEndPoint(addresses.Listen, silo.GatewayPort);
                });
                orleans.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
            }
            else
            {
                var primary = silo.PrimarySiloPort == 0 ? null : new IPEndPoint(IPAddress.Loopback, silo.PrimarySiloPort);
                orleans.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, primary, cluster.ServiceId, cluster.ClusterId);
            }
            orleans.Configure<ClusterMembershipOptions>(o => o.DefunctSiloExpiration = TimeSpan.FromMinutes(1));
            // Failure detection can be tuned from configuration, e.g. --Orleans:ClusterMembership:ProbeTimeout=00:00:02.
            orleans.Services.Configure<ClusterMembershipOptions>(configuration.GetSection("Orleans:ClusterMembership"));
            orleans.AddCdrEngine(configuration);
            if (silo.DashboardPort != 0)
            {
                orleans.AddDashboard();
            }
        });
        var console = configuration.ReadSettings<WebConsoleOptions>(WebConsoleOptions.SectionName, o => o.Validate());
        builder.Services.AddSettings<WebConsoleOptions>(configuration, WebConsoleOptions.SectionName, o => o.Validate());
        var host = console.Address.Contains(':', StringComparison.Ordinal) && !console.Address.StartsWith('[') ? $"[{console.Address}]" : console.Address;
        var metrics = configuration.ReadSettings<MetricsOptions>(MetricsOptions.SectionName, o => o.Validate());
        builder.Services.AddCdrMetrics(configuration, Endpoint(addresses.Advertised, silo.SiloPort), m => m.AddPrometheusExporter());
        int[] ports = [.. new[] { silo.DashboardPort, console.PortWith(silo.DashboardPort), metrics.Enabled ? metrics.Port : 0 }.Where(p => p != 0).Distinct()];
        builder.WebHost.UseUrls(ports.Length == 0 ? ["http://127.0.0.1:0"] : [.. ports.Select(p => $"http://{host}:{p}")]);
        builder.Services.AddStreamBacklog();
        if (console.PortWith(silo.DashboardPort) != 0)
        {
            builder.Services.AddResponseCompression(o =>
            {
                o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
                o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            });
            // Optimal: the chart library goes from 1.1 MB to 368 KB (brotli), against 474 KB at the default level.
            builder.Services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Optimal);
            builder.Services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Optimal);
            builder.Services.AddSingleton<ConsoleLimits>();
            builder.Services.AddSettings<ResponseHookOptions>(configuration, ResponseHookOptions.SectionName, o => o.Validate());
            _ = configuration.ReadSettings<ResponseHookOptions>(ResponseHookOptions.SectionName, o => o.Validate()); // a bad secret stops the start
            builder.Services.AddSingleton<ResponseHookGate>();
            builder.Services.AddSingleton<LiveFeed>();
            builder.Services.AddHostedService(services => services.GetRequiredService<LiveFeed>());
        }

        builder.Services.AddSettings<DemoOptions>(configuration, DemoOptions.SectionName, o => o.Validate());
        if (configuration.ReadSettings<DemoOptions>(DemoOptions.SectionName, o => o.Validate()).Enabled)
        {
            builder.Services.AddSingleton<DemoControl>();
            builder.Services.AddHostedService<DemoLoad>();
        }
        return builder;
    }

    /// <summary>
    /// Checked before Orleans starts, which would otherwise fail half-way with pages of stack traces. (A port taken in
    /// the moment between this check and the start still fails, with Orleans' own message.)
    /// </summary>
    private static string? PortInUse(SiloOptions silo)
    {
        foreach (var (port, option) in new[] { (silo.SiloPort, "--silo-port"), (silo.GatewayPort, "--gateway-port"), (silo.DashboardPort, "--dashboard-port") })
        {
            if (port == 0)
            {
                continue;
            }
            try
            {
                var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, port);
                // As servers do: connections of a silo that just stopped (TIME_WAIT) do not make the port busy.
                listener.Server.SetSocketOption(System.Net.Sockets.SocketOptionLevel.Socket, System.Net.Sockets.SocketOptionName.ReuseAddress, true);
                listener.Start();
                listener.Stop();
            }
            catch (System.Net.Sockets.SocketException)
            {
                return $"port {port} ({option}) is already in use, probably by another silo on this machine. Stop it, or give this " +
                    "silo its own ports, e.g. --silo-port 11112 --gateway-port 30001 --primary-port 11111 --dashboard-port 8081";
            }
        }
        return null;
    }

    public static WebApplication MapCdrSilo(this WebApplication app)
    {
        var silo = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SiloOptions>>().Value;
        var addresses = app.Services.GetRequiredService<SiloAddresses>();
        var console = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebConsoleOptions>>().Value;
        var consolePort = console.PortWith(silo.DashboardPort);
        var metrics = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value;
        var metricsPort = metrics.Port != 0 ? metrics.Port : consolePort != 0 ? consolePort : silo.DashboardPort;
        // First, in front of the console, its API, the traffic API, the dashboard and the metrics alike.
        app.UseMiddleware<ConsoleGuard>();
        if (metrics.Enabled && metrics.Port != 0 && metrics.Port != consolePort && metrics.Port != silo.DashboardPort)
        {
            // The metrics' own port serves the metrics only.
            app.Use((context, next) => context.Connection.LocalPort == metrics.Port && !context.Request.Path.StartsWithSegments(MetricsOptions.Path)
                ? WebConsoleJson.Error(StatusCodes.Status404NotFound, $"this port ({metrics.Port}) serves {MetricsOptions.Path} only").ExecuteAsync(context)
                : next(context));
        }
        if (consolePort != 0)
        {
            app.MapWebConsole(consolePort, ownPort: consolePort != silo.DashboardPort);
        }
        if (metrics.Enabled && metricsPort != 0)
        {
            // Served on its port only (as the console's API is on its own port).
            app.MapPrometheusScrapingEndpoint(MetricsOptions.Path).RequireHost($"*:{metricsPort}");
        }
        if (silo.DashboardPort != 0)
        {
            app.MapOrleansDashboard(DashboardPath);
            app.MapTrafficEndpoints();
            if (consolePort != silo.DashboardPort)
            {
                app.MapGet("/", () => Results.Redirect(DashboardPath));
            }
        }
        var shown = console.Address is "*" or "0.0.0.0" or "::" ? "localhost" : console.Address;
        app.Lifetime.ApplicationStarted.Register(() => System.Console.WriteLine(
            $"silo up: silo {Endpoint(addresses.Advertised, silo.SiloPort)}, gateway {Endpoint(addresses.Advertised, silo.GatewayPort)}" +
            (addresses.Listen.Equals(addresses.Advertised) ? "" : $" (listening on {addresses.Listen})") +
            (addresses.LoopbackOnly ? " (this host only)" : "") +
            (silo.DashboardPort != 0 ? $", dashboard http://{shown}:{silo.DashboardPort}{DashboardPath}" : ", dashboard off") +
            (consolePort != 0 ? $", web console http://{shown}:{consolePort}/" : ", web console off") +
            (metrics.Enabled && metricsPort != 0 ? $", metrics http://{shown}:{metricsPort}{MetricsOptions.Path}" : ", metrics off")));
        return app;
    }

    private static string Endpoint(IPAddress address, int port) => new IPEndPoint(address, port).ToString();
}
