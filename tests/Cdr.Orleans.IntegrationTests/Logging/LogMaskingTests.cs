using Cdr.Orleans.Cluster;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Tests.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cdr.Orleans.Tests.Logging;

/// <summary>Subscriber numbers are personal data: a run's logs, down to debug level, hold none in full.</summary>
public sealed class LogMaskingTests
{
    [Fact]
    public async Task Given_a_run_with_valid_and_rejected_cdrs_When_its_logs_are_read_Then_no_subscriber_number_is_there_in_full()
    {
        var logs = new CapturedLogs();
        var cluster = await SingleSilo.StartAsync(new Dictionary<string, string?> { ["Cdr:Engine:StatsInterval"] = "00:00:00.2" }, silo: silo =>
            silo.Services.AddLogging(logging => logging
                .AddProvider(logs)
                .AddFilter<CapturedLogs>("Cdr", LogLevel.Debug)
                .AddFilter<CapturedLogs>("Orleans", LogLevel.Information)));
        await using var _ = cluster;
        var subscribers = Enumerable.Range(0, 20).Select(i => $"+4477009{i:000000}").ToList();
        await ProfileLoader.LoadAsync(cluster.Client, subscribers.Select(m => new SubscriberProfile(
            m, "Test Subscriber", 30, Gender.Female, "London", "Northwind Mobile", Plan.Prepaid, Tier.Gold, new DateOnly(2024, 1, 1))), null, CancellationToken.None);
        var now = DateTime.UtcNow;
        var cdrs = new List<CallDetailRecord>();
        for (var i = 0; i < subscribers.Count; i++)
        {
            var caller = subscribers[i];
            var callee = subscribers[(i + 1) % subscribers.Count];
            cdrs.Add(new CallDetailRecord($"ok-{i}", caller, callee, now.AddMinutes(-5), 60, CdrType.Voice, 0, CallResult.Answered, 0.1m, "London", false, "GB"));
            // Rejected: from the future, and from a caller that is a subscriber's number with digits added.
            cdrs.Add(new CallDetailRecord($"future-{i}", caller, callee, now.AddHours(2), 60, CdrType.Voice, 0, CallResult.Answered, 0.1m, "London", false, "GB"));
            cdrs.Add(new CallDetailRecord($"bad-{i}", caller + "99999", callee, now.AddMinutes(-4), 60, CdrType.Sms, 0, CallResult.Answered, 0.1m, "London", false, "GB"));
        }
        var publisher = new CdrPublisher(cluster.Client.GetStreamProvider(CdrStreamOptions.ProviderName), new CdrStreamOptions { Partitions = SingleSilo.Partitions, MemoryQueues = 2 });
        foreach (var cdr in cdrs)
        {
            await publisher.PublishAsync(cdr);
        }
        await publisher.FlushAsync();

        await Eventually.UntilAsync(() => logs.Lines.Count(l => l.Contains("Rejected a CDR", StringComparison.Ordinal)) == 2 * subscribers.Count,
            $"{2 * subscribers.Count} rejections logged", TimeSpan.FromSeconds(60));

        var lines = logs.Lines;
        Assert.Equal([], lines.Where(line => subscribers.Any(m => line.Contains(m, StringComparison.Ordinal))));
        var rejections = string.Join("\n", lines.Where(l => l.Contains("Rejected a CDR", StringComparison.Ordinal)).Take(6));
        Assert.True(lines.Any(l => l.Contains("Rejected a CDR of ****: bad-msisdn: caller '****'", StringComparison.Ordinal)), rejections);
        Assert.True(lines.Any(l => l.Contains("Rejected a CDR of +4477*******01: future-time:", StringComparison.Ordinal)), rejections);
    }
}
