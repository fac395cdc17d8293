using Cdr.Orleans.Cluster;
using System.Net;
using System.Text;
using System.Text.Json;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Models;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Domain.Delivery;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Infrastructure.Redis.Streams;
using Cdr.Orleans.Tests.Cluster;

namespace Cdr.Orleans.Tests.Responses;

/// <summary>
/// Responses in durable mode, through both ways in (the console API with its key, the signed inbound webhook), against
/// a real silo process on Redis: each is recorded once, counted in its campaign and labels its example; all of it is
/// still there after a clean restart and after a silo killed with -9; a response past its window is refused;
/// and hostile or careless requests to the webhook are refused without effect.
/// </summary>
public sealed class DurableResponseTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private const int Partitions = 4;
    private const string ClusterId = "responses-test";
    private const string Key = "responses-test-key-0123456789";
    private const string Secret = "ssssssssssssssss-inbound-secret-0123456789";
    private readonly string keyFile = Path.GetTempFileName();
    private readonly string secretFile = Path.GetTempFileName();
    private readonly string port = SiloProcess.FreePort();

    public void Dispose()
    {
        File.Delete(keyFile);
        File.Delete(secretFile);
    }

    private SiloProcess StartSilo() => SiloProcess.Start(redis.Configuration, ClusterId,
    [
        .. ExactTotalsRun.Settings(ClusterId, Partitions), "--dashboard-port", port, "--console-key-file", keyFile,
        $"--Cdr:Responses:SecretFile={secretFile}", "--Cdr:Responses:RatePerSecond=5", "--Cdr:Propensity:ResponseWindow=00:04:00",
    ]);

    [Fact]
    public async Task Given_offers_answered_through_the_api_and_the_webhook_When_the_silo_restarts_or_is_killed_Then_every_response_counts_once_and_stays()
    {
        File.WriteAllText(keyFile, Key);
        File.WriteAllText(secretFile, Secret);
        var silo = StartSilo();
        try
        {
            await silo.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
            using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
            var database = connection.GetDatabase();
            var options = new RedisStreamOptions();
            var campaign = Campaigns.ShippedCampaigns.Load("night-pack") with
            {
                Id = "answered", Trigger = "Cdr.Type == \"voice\"", ControlShare = 0.3, Caps = new CampaignCaps { PerSubscriber = 1 },
            };
            using (var host = await SiloProcess.ConnectAsync(redis.Configuration, ClusterId, Partitions))
            {
                var client = host.Client();
                Assert.True((await client.GetGrain<ICampaignRegistryGrain>(0).CreateAsync(campaign, replace: false)).Ok);
                await Eventually.UntilAsync(async () => (await client.GetGrain<ICampaignRegistryGrain>(0).GetAsync(campaign.Id)) is not null, "the campaign", TimeSpan.FromSeconds(10));
                var publisher = new CdrPublisher(client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = Partitions, BatchSize = 16 });
                var now = DateTime.UtcNow;
                var probe = 0;
                // A CDR of a new caller each time until the silo's catalog has the campaign, then 60 callers.
                await Eventually.UntilAsync(async () =>
                {
                    await publisher.PublishAsync(Cdrs.Voice($"+4477124{probe++:00000}", Cdrs.Bob, now.AddMinutes(-5), 60));
                    await publisher.FlushAsync();
                    return await database.StreamLengthAsync(options.OfferStreamKey) > 0;
                }, "the campaign deciding on the silo", TimeSpan.FromSeconds(30));
                foreach (var i in Enumerable.Range(0, 60))
                {
                    await publisher.PublishAsync(Cdrs.Voice($"+4477123{i:00000}", Cdrs.Bob, now.AddMinutes(-5), 60));
                }
                await publisher.FlushAsync();
            }
            List<(string Id, string Outcome, string Msisdn)> offers = [];
            await Eventually.UntilAsync(async () => (offers = [.. (await database.StreamRangeAsync(options.OfferStreamKey))
                .Where(e => ((string)e["msisdn"]!).StartsWith("+4477123", StringComparison.Ordinal))
                .Select(e => ((string)e["id"]!, (string)e["outcome"]!, (string)e["msisdn"]!))]).Count == 60,
                () => $"60 decisions in the offer stream (so far {offers.Count})", TimeSpan.FromSeconds(30));
            var sent = offers.Where(o => o.Outcome == "sent").Select(o => o.Id).ToList();
            var heldOut = offers.Where(o => o.Outcome == "held-out").Select(o => o.Id).ToList();
            Assert.True(sent.Count >= 25 && heldOut.Count >= 5, $"{sent.Count} sent, {heldOut.Count} held out");

            // The console API: 5 accepted, 5 declined, a held-out subscriber who bought anyway; one answered twice.
            foreach (var (id, i) in sent.Take(10).Select((id, i) => (id, i)))
            {
                using var answered = await http.SendAsync(Keyed($"/api/offers/{id}/response", i < 5 ? "{\"response\": \"accept\"}" : "{\"response\": \"Declined\"}"));
                Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
                Assert.Equal(campaign.Id, (await JsonAsync(answered)).GetProperty("campaignId").GetString());
            }
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Keyed($"/api/offers/{heldOut[0]}/response", "{\"response\": \"yes\"}"))).StatusCode);
            using (var twice = await http.SendAsync(Keyed($"/api/offers/{sent[0]}/response", "{\"response\": \"decline\"}")))
            {
                Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
                Assert.Equal($"offer {sent[0]} was already accepted; the first response counts", await ErrorAsync(twice));
            }
            using (var unknown = await http.SendAsync(Keyed("/api/offers/00000000000000ff/response", "{\"response\": \"accept\"}")))
            {
                Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            }
            using (var word = await http.SendAsync(Keyed($"/api/offers/{sent[20]}/response", "{\"response\": \"maybe\"}")))
            {
                Assert.Equal(HttpStatusCode.BadRequest, word.StatusCode);
                Assert.StartsWith("response 'maybe' is not accepted; accepted: accept, decline or stop", await ErrorAsync(word));
            }

            // The webhook: 4 accepted, 3 declined, 3 STOP, and three items it cannot take, each with its reason.
            var items = sent.Skip(10).Take(10).Select((id, i) => new { offerId = id, response = i < 4 ? "accept" : i < 7 ? "decline" : "STOP" })
                .Cast<object>().Concat([new { offerId = "not-an-id", response = "accept" }, new { offerId = "00000000000000ff", response = "accept" }, new { offerId = sent[1], response = "accept" }]);
            using (var hooked = await http.SendAsync(Signed(JsonSerializer.Serialize(new { responses = items }))))
            {
                Assert.Equal(HttpStatusCode.OK, hooked.StatusCode);
                var body = await JsonAsync(hooked);
                Assert.Equal((10, 3), (body.GetProperty("recorded").GetInt32(), body.GetProperty("refused").GetInt32()));
                var results = body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("result").GetString()).ToList();
                Assert.Equal([.. Enumerable.Repeat("recorded", 10), "invalid", "not-found", "already-answered"], results);
            }

            // Counted and labelled once each, and stored: a clean restart, then a kill.
            var expected = (Accepted: 9L, Declined: 11L, Control: 1L); // STOP counts as declined
            await AssertCountedAsync(http, campaign.Id, expected);
            await silo.StopAsync();
            silo.Dispose();
            silo = StartSilo();
            await silo.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
            await AssertCountedAsync(http, campaign.Id, expected);
            using (var host = await SiloProcess.ConnectAsync(redis.Configuration, ClusterId, Partitions))
            {
                Assert.Equal(9, (await host.Client().GetGrain<IExampleBookGrain>(campaign.Id).GetCountsAsync()).Accepted);
            }
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Keyed($"/api/offers/{sent[21]}/response", "{\"response\": \"accept\"}"))).StatusCode);
            silo.Kill();
            silo.Dispose();
            silo = StartSilo();
            await silo.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
            foreach (var id in new[] { sent[0], sent[12], sent[21] })
            {
                Assert.Equal(HttpStatusCode.Conflict, (await http.SendAsync(Keyed($"/api/offers/{id}/response", "{\"response\": \"decline\"}"))).StatusCode);
            }
            var stream = await database.StreamRangeAsync(options.ResponseStreamKey);
            Assert.Equal(22, stream.Length);
            Assert.Equal(22, stream.Select(e => (string)e["id"]!).Distinct().Count());
            Assert.Equal(["api", "hook"], stream.Select(e => (string)e["source"]!).Distinct().Order());
            Assert.Equal(3, stream.Count(e => e["response"] == "stopped"));

            // A STOP by number (an SMS reply with no offer at hand), and one from a number that is no subscriber.
            var stopNumber = offers.First(o => o.Outcome == "held-out" && o.Id != heldOut[0]).Msisdn;
            using (var byNumber = await http.SendAsync(Signed(JsonSerializer.Serialize(new { responses = new[]
            {
                new { msisdn = stopNumber, response = "STOP" }, new { msisdn = "+447799999999", response = "stop" },
            } }))))
            {
                var results = (await JsonAsync(byNumber)).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("result").GetString()).ToList();
                Assert.Equal(["opted-out", "not-found"], results);
            }

            // The opt-outs last (the subscribers' states were stored, the silo since killed): a campaign that offers on
            // every call reaches the others and never them.
            var stoppedNumbers = offers.Where(o => sent.Skip(17).Take(3).Contains(o.Id)).Select(o => o.Msisdn).Append(stopNumber).ToList();
            var others = offers.Where(o => sent.Take(3).Contains(o.Id)).Select(o => o.Msisdn).ToList();
            var again = campaign with { Id = "after-stop", ControlShare = 0, Caps = new CampaignCaps { PerSubscriber = 100, Period = "1h" } };
            using (var host = await SiloProcess.ConnectAsync(redis.Configuration, ClusterId, Partitions))
            {
                var client = host.Client();
                Assert.True((await client.GetGrain<ICampaignRegistryGrain>(0).CreateAsync(again, replace: false)).Ok);
                var publisher = new CdrPublisher(client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = Partitions, BatchSize = 16 });
                List<string> reached = [];
                await Eventually.UntilAsync(async () =>
                {
                    // Again and again until the silo's catalog has the campaign: each round is new calls of all of them.
                    foreach (var number in stoppedNumbers.Concat(others))
                    {
                        await publisher.PublishAsync(Cdrs.Voice(number, Cdrs.Bob, DateTime.UtcNow.AddMinutes(-1), 60));
                    }
                    await publisher.FlushAsync();
                    reached = [.. (await database.StreamRangeAsync(options.OfferStreamKey)).Where(e => e["campaign"] == again.Id).Select(e => (string)e["msisdn"]!)];
                    return others.All(reached.Contains);
                }, () => $"offers of {again.Id} to {string.Join(", ", others)} (so far {string.Join(", ", reached)})", TimeSpan.FromSeconds(30));
                Assert.DoesNotContain(reached, stoppedNumbers.Contains);
                await Eventually.UntilAsync(async () => (await client.GetGrain<Contracts.Stats.IStatsGrain>(0).GetCampaignResultsAsync())
                    .GetValueOrDefault(again.Id)?.OptedOut >= stoppedNumbers.Count, "the opted-out counted", TimeSpan.FromSeconds(10));
            }

            // An answer given past the window (4 minutes after its decision; 'at' may be up to 5 minutes ahead of the
            // silo's clock) is refused and counts nowhere.
            var lateAt = DateTime.UtcNow.AddMinutes(4.5).ToString("O");
            using (var late = await http.SendAsync(Keyed($"/api/offers/{sent[^1]}/response", $"{{\"response\": \"accept\", \"at\": \"{lateAt}\"}}")))
            {
                Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
                Assert.Contains("longer ago than the response window (Cdr:Propensity:ResponseWindow)", await ErrorAsync(late));
            }

            // Hostile and careless callers of the webhook: refused, and nothing recorded.
            var one = JsonSerializer.Serialize(new { offerId = sent[22], response = "accept" });
            using (var forged = Signed(one))
            {
                forged.Headers.Remove(WebhookSignature.Header);
                forged.Headers.Add(WebhookSignature.Header, "sha256=" + new string('0', 64));
                Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(forged)).StatusCode);
            }
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Signed(one, DateTimeOffset.UtcNow.AddMinutes(-10)))).StatusCode); // replayed later
            var otherSecret = Signed(one, secret: new string('x', 40));
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(otherSecret)).StatusCode);
            var fromPage = Signed(one);
            fromPage.Headers.Add("Origin", "https://evil.example");
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(fromPage)).StatusCode);
            var plain = Signed(one);
            plain.Content = new StringContent(one, Encoding.UTF8, "text/plain");
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await http.SendAsync(plain)).StatusCode);
            var huge = JsonSerializer.Serialize(new { responses = Enumerable.Repeat(new { offerId = sent[22], response = "accept", note = new string('n', 400) }, 700) });
            using (var tooLarge = Signed(huge))
            {
                // Refused from its declared length; the silo closes that connection, so it is not one to use again.
                tooLarge.Headers.ExpectContinue = true;
                tooLarge.Headers.ConnectionClose = true;
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await http.SendAsync(tooLarge)).StatusCode);
            }
            Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(Signed("{\"responses\": 7}"))).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(Signed("[1, 2"))).StatusCode);
            // The rate (5 a second): 30 at once drain the bucket well past the next request.
            var many = JsonSerializer.Serialize(new { responses = Enumerable.Range(0, 30).Select(i => new { offerId = $"{i:x16}", response = "decline" }) });
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Signed(many))).StatusCode);
            using (var limited = await http.SendAsync(Signed(one)))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
                Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 6); // 25 responses owed at 5 a second
            }
            Assert.Equal(22, await database.StreamLengthAsync(options.ResponseStreamKey));
            Assert.False(await database.KeyExistsAsync(options.AnsweredKeyOf(sent[22])));
            await AssertCountedAsync(http, campaign.Id, expected);
        }
        finally
        {
            silo.Dispose();
        }
    }

    private static async Task AssertCountedAsync(HttpClient http, string campaignId, (long Accepted, long Declined, long Control) expected)
    {
        JsonElement funnel = default;
        await Eventually.UntilAsync(async () =>
        {
            using var response = await http.SendAsync(Keyed($"/api/campaigns/{campaignId}"));
            funnel = (await JsonAsync(response)).GetProperty("campaign").GetProperty("results");
            return (funnel.GetProperty("accepted").GetInt64(), funnel.GetProperty("declined").GetInt64(), funnel.GetProperty("controlConverted").GetInt64()) == expected;
        }, () => $"{expected} in the campaign's funnel; last {funnel}", TimeSpan.FromSeconds(30));
    }

    private static HttpRequestMessage Keyed(string path, string? json = null)
    {
        var request = new HttpRequestMessage(json is null ? HttpMethod.Get : HttpMethod.Post, path)
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", Key);
        return request;
    }

    /// <summary>A webhook request as a gateway signs it: HMAC-SHA256 over "timestamp.body" with the shared secret.</summary>
    private static HttpRequestMessage Signed(string json, DateTimeOffset? at = null, string? secret = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var stamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var mac = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(secret ?? Secret), Encoding.ASCII.GetBytes($"{stamp}.").Concat(body).ToArray()));
        var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/responses") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, stamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.Header, "sha256=" + mac);
        return request;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task<string> ErrorAsync(HttpResponseMessage response) => (await JsonAsync(response)).GetProperty("error").GetString()!;
}
