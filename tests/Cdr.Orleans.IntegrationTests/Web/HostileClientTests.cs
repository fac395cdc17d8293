using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cdr.Orleans.Tests.Cluster;

namespace Cdr.Orleans.Tests.Web;

/// <summary>
/// The web surface as a hostile page, a hostile client and a careless one see it, against a real silo process with a
/// key (read from a file) and small limits: every refusal has its status, says which rule refused it, and changes
/// nothing.
/// </summary>
public sealed class HostileClientTests(HostileClientTests.Silo silo) : IClassFixture<HostileClientTests.Silo>
{
    public const string Key = "0123456789abcdef-hostile";

    /// <summary>One silo for the class: a key from a file, an extra host name, and limits small enough to reach.</summary>
    public sealed class Silo : IAsyncLifetime
    {
        private readonly string keyFile = Path.GetTempFileName();

        public string Port { get; } = SiloProcess.FreePort();

        public SiloProcess Process { get; private set; } = null!;

        public HttpClient Http { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await File.WriteAllTextAsync(keyFile, Key + "\n");
            Process = SiloProcess.StartEmbedded("--dashboard-port", Port, "--console-key-file", keyFile, "--console-host", "cdr.test",
                "--Cdr:Console:MaxLiveConnections=2", "--Cdr:Console:MaxRequestKilobytes=8", "--Cdr:Console:MaxBacktestMegabytes=1",
                "--Cdr:Engine:DataDirectory=");
            await Process.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
            // No cookie jar: each request carries exactly the credentials its test gives it.
            Http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };
            var created = await Http.SendAsync(Keyed(HttpMethod.Post, "/api/campaigns", Json(File.ReadAllText(RepositoryFiles.PathOf("campaigns", "night-pack.json")))));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        public Task DisposeAsync()
        {
            Http.Dispose();
            Process.Dispose();
            File.Delete(keyFile);
            return Task.CompletedTask;
        }
    }

    private HttpClient Http => silo.Http;

    private string Self => $"http://127.0.0.1:{silo.Port}";

    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/api/overview" }, { "GET", "/api/campaigns" }, { "GET", "/api/campaigns/night-pack" },
        { "GET", "/api/subscribers/%2B447700900123" }, { "GET", "/api/segments?rule=VoiceCalls%20%3E%3D%200" },
        { "GET", "/api/segments.csv?rule=VoiceCalls%20%3E%3D%200" }, { "GET", "/api/models" }, { "GET", "/api/models/night-pack" },
        { "GET", "/api/load" }, { "GET", "/api/live" }, { "GET", "/api/traffic/hours" }, { "GET", "/api/traffic/regions?since=1h" },
        { "GET", "/api/traffic/regions/series?since=1h" }, { "GET", "/dashboard" }, { "GET", "/dashboard/index.min.js" },
        { "POST", "/api/campaigns?replace=true" }, { "POST", "/api/campaigns/night-pack/status" }, { "POST", "/api/campaigns/night-pack/backtest" },
        { "POST", "/api/load" }, { "POST", "/api/offers/00000000000000ff/response" }, { "POST", "/api/campaigns/send" }, { "GET", "/api/campaigns/night-pack/send" },
        { "GET", "/metrics" }, { "GET", "/api/history/traffic?day=2026-12-01" }, { "GET", "/api/history/campaigns/night-pack/days" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Given_a_key_When_a_route_is_asked_without_it_or_with_a_wrong_one_Then_it_gets_401_and_with_the_key_or_its_session_it_does_not(string method, string path)
    {
        using var without = await Http.SendAsync(Request(method, path));
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal("this silo's console has a key: open the console (it asks for the key once), or send the key in the X-Api-Key header " +
            "(or as Authorization: Bearer KEY, as a Prometheus scrape does)", await ErrorOf(without));
        var wrongKey = Request(method, path);
        wrongKey.Headers.Add("X-Api-Key", "not-the-key-at-all-0000");
        using var wrong = await Http.SendAsync(wrongKey);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("the X-Api-Key or Authorization header does not hold the console's key", await ErrorOf(wrong));

        var keyed = Request(method, path);
        keyed.Headers.Add("X-Api-Key", Key);
        using var withKey = await Http.SendAsync(keyed, HttpCompletionOption.ResponseHeadersRead);
        Assert.True((int)withKey.StatusCode is >= 200 and < 500 and not 401 and not 403, $"{method} {path} with the key: {withKey.StatusCode}");

        var withSession = Request(method, path);
        withSession.Headers.Add("Cookie", await SessionCookieAsync());
        using var session = await Http.SendAsync(withSession, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(withKey.StatusCode, session.StatusCode);
    }

    [Fact]
    public async Task Given_a_key_When_metrics_are_scraped_with_it_as_a_bearer_token_Then_they_are_served_and_a_wrong_token_or_another_site_is_refused()
    {
        var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        scrape.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        using var served = await Http.SendAsync(scrape);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Contains("cdr_records_applied_total", await served.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var wrongToken = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        wrongToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-key-at-all-0000");
        using var wrong = await Http.SendAsync(wrongToken);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("the X-Api-Key or Authorization header does not hold the console's key", await ErrorOf(wrong));

        // A page elsewhere that reads the metrics with a script (even one that knows the key) reads nothing.
        var fromPage = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        fromPage.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        fromPage.Headers.Add("Origin", "http://evil.example");
        using var cross = await Http.SendAsync(fromPage);
        Assert.Equal(HttpStatusCode.Forbidden, cross.StatusCode);
        Assert.DoesNotContain("cdr_records", await cross.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Another host name (DNS rebinding) is not answered.
        var rebound = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        rebound.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        rebound.Headers.Host = "attacker.example";
        using var misdirected = await Http.SendAsync(rebound);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, misdirected.StatusCode);
    }

    [Fact]
    public async Task Given_the_key_When_a_session_is_asked_for_Then_the_cookie_is_http_only_and_same_site_strict_and_a_wrong_key_gets_none()
    {
        using var wrong = await Http.PostAsync("/api/session", Json("{\"key\": \"guess-guess-guess-guess\"}"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
        var state = JsonDocument.Parse(await Http.GetStringAsync("/api/session")).RootElement;
        Assert.Equal((true, false), (state.GetProperty("keyRequired").GetBoolean(), state.GetProperty("signedIn").GetBoolean()));

        using var right = await Http.PostAsync("/api/session", Json($"{{\"key\": \"{Key}\"}}"));
        var cookie = Assert.Single(right.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("cdr-session=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, cookie, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/json")]
    public async Task Given_a_page_on_another_site_When_it_posts_a_campaign_of_any_content_type_Then_it_gets_403_and_nothing_changes(string type)
    {
        var campaign = CampaignJson("hostile");
        foreach (var (origin, site, path) in new[] { ("http://evil.example", null, "/api/campaigns"), ("null", null, "/api/campaigns/send"),
            ($"http://127.0.0.1:{int.Parse(silo.Port) + 1}", "same-site", "/api/campaigns"), (null, "cross-site", "/api/campaigns/send") })
        {
            var request = Keyed(HttpMethod.Post, path, new StringContent(campaign, Encoding.UTF8));
            request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }
            if (site is not null)
            {
                request.Headers.Add("Sec-Fetch-Site", site);
            }
            using var response = await Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.StartsWith("refused: a request from ", await ErrorOf(response), StringComparison.Ordinal);
        }
        using var after = await Http.SendAsync(Keyed(HttpMethod.Get, "/api/campaigns/hostile"));
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task Given_a_segment_send_that_matches_nobody_or_is_marked_one_shot_for_create_When_posted_Then_it_is_refused_and_nothing_is_created()
    {
        const string send = "{\"id\": \"send-nobody\", \"name\": \"Nobody\", \"trigger\": \"Age > 200\", \"offer\": {\"code\": \"N-1\", \"text\": \"t\"}}";
        using var nobody = await Http.SendAsync(Keyed(HttpMethod.Post, "/api/campaigns/send", Json(send)));
        var oneShot = "{\"oneShot\": true, " + CampaignJson("create-one-shot")[1..];
        using var created = await Http.SendAsync(Keyed(HttpMethod.Post, "/api/campaigns", Json(oneShot)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, nobody.StatusCode);
        Assert.Contains("the rule matches nobody now", await nobody.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Contains("a one-shot campaign is made and sent by a segment send", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var id in new[] { "send-nobody", "create-one-shot" })
        {
            using var after = await Http.SendAsync(Keyed(HttpMethod.Get, $"/api/campaigns/{id}"));
            Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        }
    }

    [Fact]
    public async Task Given_the_consoles_own_page_When_it_posts_and_reads_Then_it_is_served_and_reads_from_elsewhere_are_refused()
    {
        var own = Keyed(HttpMethod.Post, "/api/campaigns/night-pack/status", Json("{\"status\": \"active\"}"));
        own.Headers.Add("Origin", Self);
        own.Headers.Add("Sec-Fetch-Site", "same-origin");
        Assert.Equal(HttpStatusCode.OK, (await Http.SendAsync(own)).StatusCode);

        var read = Keyed(HttpMethod.Get, "/api/overview");
        read.Headers.Add("Sec-Fetch-Site", "cross-site");
        read.Headers.Add("Sec-Fetch-Mode", "cors");
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.SendAsync(read)).StatusCode);
        var link = new HttpRequestMessage(HttpMethod.Get, "/");
        link.Headers.Add("Sec-Fetch-Site", "cross-site");
        link.Headers.Add("Sec-Fetch-Mode", "navigate");
        Assert.Equal(HttpStatusCode.OK, (await Http.SendAsync(link)).StatusCode); // a link from elsewhere still opens the console
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/overview")]
    [InlineData("/api/session")]
    [InlineData("/dashboard")]
    public async Task Given_a_host_name_that_is_not_the_consoles_When_asked_Then_it_gets_421_and_the_consoles_names_are_served(string path)
    {
        var rebound = Keyed(HttpMethod.Get, path);
        rebound.Headers.Host = $"attacker.example:{silo.Port}";
        using var refused = await Http.SendAsync(rebound);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, refused.StatusCode);
        Assert.StartsWith("this silo does not answer to the host 'attacker.example:", await ErrorOf(refused), StringComparison.Ordinal);

        foreach (var name in new[] { "cdr.test", "localhost", "127.0.0.1" })
        {
            var named = Keyed(HttpMethod.Get, path);
            named.Headers.Host = $"{name}:{silo.Port}";
            using var served = await Http.SendAsync(named);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/console.js")]
    [InlineData("/api/overview")]
    [InlineData("/api/nope")]
    [InlineData("/dashboard")]
    public async Task Given_any_response_When_read_Then_it_carries_the_security_headers(string path)
    {
        using var response = await Http.SendAsync(Keyed(HttpMethod.Get, path));
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));

        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Equal(path.StartsWith("/dashboard", StringComparison.Ordinal), policy.Contains("unsafe-inline", StringComparison.Ordinal));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task Given_bodies_of_the_wrong_type_or_over_their_limits_When_posted_Then_they_get_415_and_413_naming_the_limit()
    {
        var plain = Keyed(HttpMethod.Post, "/api/campaigns", new StringContent(CampaignJson("plain"), Encoding.UTF8, "text/plain"));
        using var wrongType = await Http.SendAsync(plain);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Equal("the body is 'text/plain; charset=utf-8'; accepted here: application/json (Content-Type: application/json)", await ErrorOf(wrongType));
        var csv = Keyed(HttpMethod.Post, "/api/campaigns/night-pack/backtest", new StringContent("caller,callee\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Http.SendAsync(csv)).StatusCode);

        var big = CampaignJson("big").Replace("\"name\": \"", "\"name\": \"" + new string('n', 9 * 1024), StringComparison.Ordinal);
        using var tooBig = await Http.SendAsync(Keyed(HttpMethod.Post, "/api/campaigns", Json(big)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Equal("the body is larger than 8 KiB, the most a request takes (Cdr:Console:MaxRequestKilobytes)", await ErrorOf(tooBig));

        var upload = new MultipartFormDataContent { { new ByteArrayContent(new byte[1536 * 1024]), "file", "big.csv" } };
        var oversized = Keyed(HttpMethod.Post, "/api/campaigns/night-pack/backtest", upload);
        // As browsers and careful clients do with a large body: wait for the silo's word first. The silo refuses at
        // once from the declared length, and would otherwise close the connection under a body still being sent.
        oversized.Headers.ExpectContinue = true;
        using var tooLarge = await Http.SendAsync(oversized);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("the upload is larger than 1 MiB, the most a backtest takes (Cdr:Console:MaxBacktestMegabytes)", await ErrorOf(tooLarge));
        using var missing = await Http.SendAsync(Keyed(HttpMethod.Get, "/api/campaigns/big"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Given_a_campaign_whose_rule_is_nested_900_deep_When_posted_Then_it_is_refused_with_the_limit_and_the_silo_goes_on()
    {
        var deep = CampaignJson("deep").Replace("Cdr.Type == \\\"voice\\\"", new string('(', 900) + "VoiceCalls > 1" + new string(')', 900), StringComparison.Ordinal);

        using var response = await Http.SendAsync(Keyed(HttpMethod.Post, "/api/campaigns", Json(deep)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains(errors.EnumerateArray(), e => e.GetProperty("message").GetString() == "the rule is nested 900 levels deep (brackets, ?: and unary operators); at most 32 are accepted");
        Assert.Equal(HttpStatusCode.OK, (await Http.SendAsync(Keyed(HttpMethod.Get, "/api/overview"))).StatusCode);
    }

    [Fact]
    public async Task Given_the_live_feed_at_its_connection_limit_When_one_more_page_connects_Then_it_gets_429_until_one_leaves()
    {
        // (A connection another test closed a moment ago may still hold its place until the silo sees it go.)
        using var first = await LiveAsync();
        using var second = await LiveAsync();

        using (var third = await Http.SendAsync(Keyed(HttpMethod.Get, "/api/live"), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
            Assert.Equal("live-feed connections: 2 already running on this silo, the most it runs at once (Cdr:Console:MaxLiveConnections); try again when one ends", await ErrorOf(third));
            Assert.Equal("5", third.Headers.RetryAfter?.ToString());
        }

        second.Dispose();
        using var again = await LiveAsync();
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Given_no_secret_for_the_response_webhook_When_a_response_is_posted_to_it_Then_it_gets_404_saying_how_to_turn_it_on()
    {
        using var response = await Http.PostAsync("/hooks/responses", Json("{\"offerId\": \"00000000000000ff\", \"response\": \"accept\"}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("the response webhook is off on this silo; set Cdr:Responses:SecretFile (or :Secret) to turn it on", await ErrorOf(response));
    }

    private async Task<HttpResponseMessage> LiveAsync()
    {
        HttpResponseMessage? connected = null;
        await Eventually.UntilAsync(async () =>
        {
            var response = await Http.SendAsync(Keyed(HttpMethod.Get, "/api/live"), HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                connected = response;
                return true;
            }
            response.Dispose();
            return false;
        }, "a live-feed connection accepted", TimeSpan.FromSeconds(30));
        return connected!;
    }

    private static string CampaignJson(string id) =>
        $"{{\"id\": \"{id}\", \"name\": \"Hostile\", \"trigger\": \"Cdr.Type == \\\"voice\\\"\", \"offer\": {{\"code\": \"H-1\", \"text\": \"t\"}}, " +
        "\"caps\": {\"perSubscriber\": 1, \"period\": \"1d\"}, \"controlShare\": 0.1}";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static HttpRequestMessage Keyed(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Api-Key", Key);
        return request;
    }

    /// <summary>A request for a route of <see cref="Routes"/> with a body it accepts, without any credential.</summary>
    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "GET" ? null
            : path.EndsWith("/backtest", StringComparison.Ordinal) ? new MultipartFormDataContent { { new StringContent("caller,callee\n"), "file", "cdrs.csv" } }
            : path.EndsWith("/status", StringComparison.Ordinal) ? Json("{\"status\": \"active\"}")
            : path.StartsWith("/api/load", StringComparison.Ordinal) ? Json("{\"rate\": 10}")
            : path.EndsWith("/response", StringComparison.Ordinal) ? Json("{\"response\": \"accept\"}")
            : Json(File.ReadAllText(RepositoryFiles.PathOf("campaigns", "night-pack.json"))),
    };

    private async Task<string> SessionCookieAsync()
    {
        using var response = await Http.PostAsync("/api/session", Json($"{{\"key\": \"{Key}\"}}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }

    private static async Task<string?> ErrorOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
}
