using System.Net;
using System.Text;
using Cdr.Orleans.Tests.Cluster;

namespace Cdr.Orleans.Tests.Metrics;

/// <summary>
/// Where a silo's metrics go: <c>/metrics</c> on a port of its own when one is given (and only there), and the OTLP
/// push, switched on by configuration, to a collector's OTLP/HTTP address (a listener here that takes what a collector
/// takes). A bad setting is refused at start with what is accepted.
/// </summary>
public sealed class MetricsHostingTests
{
    [Fact]
    public async Task Given_a_metrics_port_When_scraped_Then_metrics_are_served_there_and_not_on_the_console_port_which_keeps_the_console()
    {
        var (consolePort, metricsPort) = (SiloProcess.FreePort(), SiloProcess.FreePort());
        using var silo = SiloProcess.StartEmbedded("--dashboard-port", consolePort, "--metrics-port", metricsPort, "--Cdr:Engine:DataDirectory=");
        await silo.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
        Assert.Contains($"metrics http://localhost:{metricsPort}/metrics", silo.Output, StringComparison.Ordinal);
        using var http = new HttpClient();

        using var scrape = await http.GetAsync($"http://127.0.0.1:{metricsPort}/metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Contains("# TYPE cdr_records_applied_total counter", await scrape.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{consolePort}/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{consolePort}/api/overview")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{metricsPort}/api/overview")).StatusCode);
        // A quiet start: Orleans' watchdog's first check reports the machine's uptime as a stall; that warning is kept out.
        Assert.DoesNotContain("Participant check thread has not completed", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_an_otlp_endpoint_When_the_silo_runs_Then_it_posts_protobuf_metrics_with_the_engines_instruments_to_it()
    {
        var port = SiloProcess.FreePort();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        using var silo = SiloProcess.StartEmbedded("--otlp-endpoint", $"http://127.0.0.1:{port}", "--Cdr:Metrics:OtlpProtocol=http/protobuf",
            "--Cdr:Metrics:OtlpInterval=00:00:01", "--Cdr:Engine:DataDirectory=");
        await silo.WaitUntilUpAsync(TimeSpan.FromSeconds(60));

        var context = await collector.GetContextAsync().WaitAsync(TimeSpan.FromSeconds(30));
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        context.Response.StatusCode = 200;
        context.Response.Close();

        Assert.Equal("POST", context.Request.HttpMethod);
        Assert.Equal("/v1/metrics", context.Request.Url!.AbsolutePath);
        Assert.Equal("application/x-protobuf", context.Request.ContentType);
        // Protobuf keeps strings as they are: the meter's and the instruments' names are in the message.
        var text = Encoding.UTF8.GetString(body.ToArray());
        Assert.Contains("Cdr.Orleans.Engine", text, StringComparison.Ordinal);
        Assert.Contains("cdr.records.applied", text, StringComparison.Ordinal);
        Assert.Contains("cdr-silo", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--otlp-endpoint=collector:4317", "Cdr:Metrics:OtlpEndpoint is 'collector:4317'; accepted: an http or https address, e.g. http://collector:4317")]
    [InlineData("--Cdr:Metrics:OtlpProtocol=udp", "Cdr:Metrics:OtlpProtocol is 'udp'; accepted: grpc, http/protobuf")]
    [InlineData("--metrics-port=70000", "Cdr:Metrics:Port is 70000; accepted: 0 (the console's port) or 1 to 65535")]
    public async Task Given_a_bad_metrics_setting_When_the_silo_starts_Then_it_stops_saying_what_is_accepted(string setting, string message)
    {
        using var silo = SiloProcess.StartEmbedded(setting);
        await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, silo.ExitCode);
        Assert.Contains($"error: {message}", silo.Output, StringComparison.Ordinal);
    }
}
