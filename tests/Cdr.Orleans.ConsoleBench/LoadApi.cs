using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Cdr.Orleans.ConsoleBench;

/// <summary>The demo's load, through the console's load API (<c>/api/load</c>, with the key when the console has one).</summary>
public static class LoadApi
{
    /// <summary>Pauses the load and waits until nothing more is applied; returns the rate it had.</summary>
    public static async Task<double> PauseAsync(HttpClient http, string? key)
    {
        using var read = await http.GetAsync("api/load");
        var body = await read.Content.ReadAsStringAsync();
        if (!read.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"--paused-load: the load could not be read ({(int)read.StatusCode} {body})");
        }
        var rate = JsonDocument.Parse(body).RootElement.GetProperty("rate").GetDouble();
        await SetRateAsync(http, key, 0);
        // The overview's rate is over the last 5 s: 0 once nothing was applied in them.
        for (var waited = 0; waited < 60; waited++)
        {
            if ((await http.GetFromJsonAsync<JsonElement>("api/overview")).GetProperty("cdrsPerSecond").GetDouble() == 0)
            {
                return rate;
            }
            await Task.Delay(1000);
        }
        throw new InvalidOperationException("--paused-load: CDRs were still applied a minute after the load was paused");
    }

    public static async Task SetRateAsync(HttpClient http, string? key, double rate)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/load")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { rate }), Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the load's rate could not be set ({(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}): give --key when the console has one");
        }
    }
}
