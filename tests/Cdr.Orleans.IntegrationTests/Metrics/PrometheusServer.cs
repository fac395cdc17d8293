using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Cdr.Orleans.Tests.Cluster;

namespace Cdr.Orleans.Tests.Metrics;

/// <summary>
/// Debian's real <c>prometheus</c> server on a free loopback port, scraping the given targets every second with the
/// shipped alert rules (deploy/prometheus/alerts.yml) loaded, and read back through its HTTP API.
/// </summary>
internal sealed class PrometheusServer : IDisposable
{
    private readonly Process process;
    private readonly string directory;
    private readonly StringBuilder output = new();

    public HttpClient Http { get; }

    private PrometheusServer(Process process, string directory, int port)
    {
        (this.process, this.directory) = (process, directory);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public static string RulesFile => Path.Combine(RepositoryFiles.Root, "deploy", "prometheus", "alerts.yml");

    public static async Task<PrometheusServer> StartAsync(IEnumerable<string> targets, string? keyFile)
    {
        await DebianPackage.EnsureAsync("prometheus", "prometheus");
        var directory = Directory.CreateTempSubdirectory("cdr-prometheus-").FullName;
        var port = int.Parse(SiloProcess.FreePort(), CultureInfo.InvariantCulture);
        var authorization = keyFile is null ? "" : $"""
                authorization:
                  type: Bearer
                  credentials_file: {keyFile}
            """;
        var config = $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - {RulesFile}
            scrape_configs:
              - job_name: cdr-silo
                metrics_path: /metrics
            {authorization}
                static_configs:
                  - targets: [{string.Join(", ", targets.Select(t => $"\"{t}\""))}]
            """;
        var configFile = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(configFile, config);
        var process = Process.Start(new ProcessStartInfo("prometheus",
        [
            $"--config.file={configFile}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var server = new PrometheusServer(process, directory, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.UntilAsync(async () =>
        {
            Assert.False(process.HasExited, $"prometheus ended: {server.Output}");
            try
            {
                return (await server.Http.GetAsync("/-/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "prometheus ready", TimeSpan.FromSeconds(30));
        return server;
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    /// <summary>An instant query: each result's labels and value.</summary>
    public async Task<IReadOnlyList<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        var response = await Http.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"query {promql}: {(int)response.StatusCode} {body}");
        var data = JsonDocument.Parse(body).RootElement.GetProperty("data");
        return [.. data.GetProperty("result").EnumerateArray().Select(r => (
            r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
    }

    /// <summary>A query whose answer is one number (a sum); null while it has no result.</summary>
    public async Task<double?> ScalarAsync(string promql) => (await QueryAsync(promql)) is [var only] ? only.Value : null;

    public async Task<JsonElement> GetAsync(string path)
    {
        var body = await Http.GetStringAsync(path);
        return JsonDocument.Parse(body).RootElement.GetProperty("data").Clone();
    }

    public void Dispose()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held; the temporary directory goes with the machine.
        }
    }
}
