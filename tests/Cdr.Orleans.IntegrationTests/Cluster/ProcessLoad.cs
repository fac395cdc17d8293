using Cdr.Orleans.Cluster;
using System.Text.Json;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Generator.Synthesis;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>Load for a silo process and reads of its HTTP endpoints, as the tests over real silos need them.</summary>
internal static class ProcessLoad
{
    /// <summary>Loads the population's profiles, then publishes the CDRs on the cluster's stream and flushes.</summary>
    public static async Task PublishAsync(IClusterClient client, Population population, IEnumerable<CallDetailRecord> cdrs, int partitions)
    {
        await ProfileLoader.LoadAsync(client, population.Profiles(), null, CancellationToken.None);
        var publisher = new CdrPublisher(client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = partitions });
        foreach (var cdr in cdrs)
        {
            await publisher.PublishAsync(cdr);
        }
        await publisher.FlushAsync();
    }

    /// <summary>GETs JSON; fails with the status and body when the answer is not a success.</summary>
    public static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
