using System.Text.Json;
using Cdr.Orleans.Contracts.Segments;
using Cdr.Orleans.Silo.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Tests.Silo;

/// <summary>The console's limits on segment queries: how many at once, and for how long.</summary>
public sealed class ConsoleLimitsTests
{
    private static ConsoleLimits Limits(int segments, TimeSpan budget) =>
        new(Options.Create(new WebConsoleOptions { MaxConcurrentSegments = segments, SegmentTimeBudget = budget }));

    private static readonly SegmentResult Found = new(null, 3, 10, []);

    [Fact]
    public async Task Given_the_silos_segment_queries_all_running_When_one_more_comes_Then_it_gets_429_naming_the_limit_and_the_running_one_finishes()
    {
        var limits = Limits(1, TimeSpan.FromSeconds(30));
        var release = new TaskCompletionSource<SegmentResult>();
        var running = SegmentEndpoints.QueryAsync(limits, _ => release.Task, CancellationToken.None, r => Task.FromResult(Results.Ok(r.Matching)));

        var (status, body) = await RunAsync(await SegmentEndpoints.QueryAsync(limits, _ => Task.FromResult(Found), CancellationToken.None, Answer));

        Assert.Equal(429, status);
        Assert.Equal("segment queries: 1 already running on this silo, the most it runs at once (Cdr:Console:MaxConcurrentSegments); try again when one ends", Error(body));
        release.SetResult(Found);
        Assert.Equal(200, (await RunAsync(await running)).Status);
        Assert.Equal(200, (await RunAsync(await SegmentEndpoints.QueryAsync(limits, _ => Task.FromResult(Found), CancellationToken.None, Answer))).Status);
    }

    [Fact]
    public async Task Given_a_segment_query_that_outlasts_its_budget_When_run_Then_it_is_cancelled_with_503_and_its_place_is_free_again()
    {
        var limits = Limits(1, TimeSpan.FromSeconds(1));
        CancellationToken seen = default;

        var (status, body) = await RunAsync(await SegmentEndpoints.QueryAsync(limits, async token =>
        {
            seen = token;
            await Task.Delay(Timeout.Infinite, token);
            return Found;
        }, CancellationToken.None, Answer));

        Assert.Equal(503, status);
        Assert.True(seen.IsCancellationRequested);
        Assert.StartsWith("the segment query took longer than 1 s, its budget (Cdr:Console:SegmentTimeBudget), and was stopped", Error(body), StringComparison.Ordinal);
        Assert.Equal(200, (await RunAsync(await SegmentEndpoints.QueryAsync(limits, _ => Task.FromResult(Found), CancellationToken.None, Answer))).Status);
    }

    private static Task<IResult> Answer(SegmentResult result) => Task.FromResult(Results.Ok(result.Matching));

    private static string Error(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;

    private static async Task<(int Status, string Body)> RunAsync(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }
}
