using System.Globalization;

namespace Cdr.Orleans.Silo.Hosting;

/// <summary>
/// The silo's metrics (docs/metrics.md). Section <c>Cdr:Metrics</c>; switches
/// <c>--metrics-port</c>, <c>--otlp-endpoint</c>.
/// </summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Cdr:Metrics";

    /// <summary>False turns the meters' listener off: no <c>/metrics</c>, no export. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The port Prometheus scrapes <c>/metrics</c> on. 0 (the default): the console's port (or the dashboard's, when the
    /// console is off). Either way, with a console key set, a scrape must carry it (<c>Authorization: Bearer KEY</c>).
    /// </summary>
    public int Port { get; set; }

    /// <summary>An OpenTelemetry collector to push the same metrics to (e.g. <c>http://collector:4317</c>); unset: no push.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (the default, port 4317) or <c>http/protobuf</c> (port 4318, path <c>/v1/metrics</c>).</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>How often metrics are pushed to <see cref="OtlpEndpoint"/>. Default 15 s.</summary>
    public TimeSpan OtlpInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Orleans' per-message instruments too (request latency, message sizes, dispatcher counts). Default false: listening
    /// to them costs every grain call (<see cref="CdrMetrics.IsPerMessage"/>).
    /// </summary>
    public bool OrleansMessaging { get; set; }

    /// <summary>How often durable mode's stream backlog is read from Redis for the metrics. Default 10 s.</summary>
    public TimeSpan BacklogInterval { get; set; } = TimeSpan.FromSeconds(10);

    public const string Path = "/metrics";

    public string? Validate()
    {
        if (Port is < 0 or > 65535)
        {
            return $"{SectionName}:Port is {Port}; accepted: 0 (the console's port) or 1 to 65535";
        }
        if (OtlpEndpoint is { Length: > 0 } endpoint
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            return $"{SectionName}:OtlpEndpoint is '{endpoint}'; accepted: an http or https address, e.g. http://collector:4317";
        }
        if (OtlpProtocol is not ("grpc" or "http/protobuf"))
        {
            return $"{SectionName}:OtlpProtocol is '{OtlpProtocol}'; accepted: grpc, http/protobuf";
        }
        if (OtlpInterval < TimeSpan.FromSeconds(1) || BacklogInterval < TimeSpan.FromSeconds(1))
        {
            return $"{SectionName}: OtlpInterval ({OtlpInterval.ToString("c", CultureInfo.InvariantCulture)}) and BacklogInterval " +
                $"({BacklogInterval.ToString("c", CultureInfo.InvariantCulture)}) must be at least 00:00:01";
        }
        return null;
    }
}
