using System.Net;
using Cdr.Orleans.Contracts.Hosting;
using Cdr.Orleans.Grains.Hosting;
using Cdr.Orleans.Silo.Demo;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Cdr.Orleans.Silo.Hosting;

/// <summary>Everything a silo process needs, in one place: clustering, the engine, the dashboard, the demo load.</summary>
public static class CdrSiloBuilderExtensions
{
    public const string DashboardPath = "/dashboard";

    public static WebApplicationBuilder AddCdrSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var silo = configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();
        if (silo.Validate() is { } error)
        {
            throw new ArgumentException(error);
        }
        var cluster = configuration.GetSection(CdrClusterOptions.SectionName).Get<CdrClusterOptions>() ?? new CdrClusterOptions();
        builder.Services.AddSingleton(silo);

        builder.UseOrleans(orleans =>
        {
            var primary = silo.PrimarySiloPort == 0 ? null : new IPEndPoint(IPAddress.Loopback, silo.PrimarySiloPort);
            orleans.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, primary, cluster.ServiceId, cluster.ClusterId);
            orleans.Configure<ClusterMembershipOptions>(o => o.DefunctSiloExpiration = TimeSpan.FromMinutes(1));
            orleans.AddCdrEngine(configuration);
            if (silo.DashboardPort != 0)
            {
                orleans.AddDashboard();
            }
        });
        builder.WebHost.UseUrls(silo.DashboardPort == 0 ? "http://127.0.0.1:0" : $"http://localhost:{silo.DashboardPort}");

        builder.Services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.SectionName));
        if (configuration.GetSection(DemoOptions.SectionName).Get<DemoOptions>() is { Enabled: true })
        {
            builder.Services.AddHostedService<DemoLoad>();
        }
        return builder;
    }

    public static WebApplication MapCdrSilo(this WebApplication app)
    {
        var silo = app.Services.GetRequiredService<SiloOptions>();
        if (silo.DashboardPort != 0)
        {
            app.MapOrleansDashboard(DashboardPath);
            app.MapGet("/", () => Results.Redirect(DashboardPath));
        }
        app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine(
            $"silo up: silo port {silo.SiloPort}, gateway localhost:{silo.GatewayPort}" +
            (silo.DashboardPort != 0 ? $", dashboard http://localhost:{silo.DashboardPort}{DashboardPath}" : ", dashboard off")));
        return app;
    }
}
