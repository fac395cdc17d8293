using Cdr.Orleans.Cluster;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Grains.Hosting;
using Cdr.Orleans.Grains.Telemetry;
using Cdr.Orleans.Infrastructure.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Cdr.Orleans.Silo.Hosting;

/// <summary>
/// What a silo exports: the engine's meter (<see cref="EngineInstruments"/>), Orleans' own, the .NET runtime's and
/// ASP.NET Core's; scraped by Prometheus at <see cref="MetricsOptions.Path"/> and, when configured, pushed over OTLP.
/// </summary>
public static class CdrMetrics
{
    /// <summary>The meters exported, besides the engine's: Orleans, the runtime (GC, thread pool, CPU), the HTTP server.</summary>
    public static readonly string[] Meters =
        [EngineInstruments.MeterName, "Microsoft.Orleans", "System.Runtime", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    /// <summary>
    /// Orleans' instruments recorded on every grain message (a histogram per request, counters per dispatch): left out
    /// unless <see cref="MetricsOptions.OrleansMessaging"/>, because listening to them costs the CDR path (docs/benchmarks.md).
    /// </summary>
    public static bool IsPerMessage(string instrument) =>
        instrument is "orleans-app-requests-latency" or "orleans-messaging-sent-local"
        || instrument.StartsWith("orleans-messaging-processing-", StringComparison.Ordinal)
        || instrument.EndsWith("-size", StringComparison.Ordinal) && instrument.StartsWith("orleans-messaging-", StringComparison.Ordinal);

    /// <summary>
    /// The meter provider with its exporters: <paramref name="exporters"/> adds the host's own (the silo's Prometheus
    /// endpoint, the bench's periodic reader); OTLP is added when <see cref="MetricsOptions.OtlpEndpoint"/> is set.
    /// </summary>
    public static IServiceCollection AddCdrMetrics(this IServiceCollection services, IConfiguration configuration, string instance,
        Action<MeterProviderBuilder> exporters)
    {
        var options = configuration.ReadSettings<MetricsOptions>(MetricsOptions.SectionName, o => o.Validate());
        services.AddSettings<MetricsOptions>(configuration, MetricsOptions.SectionName, o => o.Validate());
        if (!options.Enabled)
        {
            return services;
        }
        services.AddStreamBacklog();
        services.AddHostedService<StreamGauges>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("cdr-silo", serviceInstanceId: instance))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters);
                if (!options.OrleansMessaging)
                {
                    metrics.AddView(instrument => instrument.Meter.Name == "Microsoft.Orleans" && IsPerMessage(instrument.Name) ? MetricStreamConfiguration.Drop : null);
                }
                exporters(metrics);
                if (options.OtlpEndpoint is { Length: > 0 } endpoint)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        exporter.Protocol = options.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                        // With http/protobuf the address given is the collector's; the signal's path goes after it.
                        exporter.Endpoint = exporter.Protocol == OtlpExportProtocol.HttpProtobuf && new Uri(endpoint).AbsolutePath is "/" or ""
                            ? new Uri(new Uri(endpoint), "v1/metrics")
                            : new Uri(endpoint);
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.OtlpInterval.TotalMilliseconds;
                    });
                }
            });
        return services;
    }

    /// <summary>
    /// Keeps the stream gauges current: the number of queues (each needs a pulling agent) and every partition's backlog,
    /// as the <see cref="StreamBacklogReader"/> reads it (a Kafka feed's topic, or durable mode's Redis streams). A
    /// backlog that cannot be read now leaves the last figures; the readers log why.
    /// </summary>
    private sealed class StreamGauges(
        EngineInstruments instruments,
        IOptions<CdrStreamOptions> streams,
        IOptions<CdrClusterOptions> cluster,
        IOptions<MetricsOptions> metrics,
        StreamBacklogReader backlog,
        TimeProvider time) : PeriodicService(time)
    {
        protected override TimeSpan Interval => metrics.Value.BacklogInterval;

        protected override bool TickAtStart => true;

        protected override async Task TickAsync(CancellationToken stoppingToken)
        {
            var report = await backlog.ReadAsync(stoppingToken);
            if (report is null)
            {
                if (!cluster.Value.Durable)
                {
                    instruments.SetStream(streams.Value.MemoryQueues, null);
                }
                return;
            }
            if (report.Unavailable is null)
            {
                instruments.SetStream(report.Partitions.Count, report.Partitions.Select(p => (p.Partition, p.Pending, p.NotYetRead ?? 0)));
            }
        }
    }
}
