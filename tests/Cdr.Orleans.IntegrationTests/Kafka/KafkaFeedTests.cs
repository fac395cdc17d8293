using Cdr.Orleans.Cluster;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Files;
using Cdr.Orleans.Generator.Synthesis;
using Cdr.Orleans.Infrastructure.Kafka.Streams;
using Cdr.Orleans.Tests.Cluster;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace Cdr.Orleans.Tests.Kafka;

/// <summary>
/// CDRs from a Kafka topic, on librdkafka's mock brokers: written by another program (Debian's kcat) as the engine's CSV
/// and as JSON, read by silo processes, each subscriber's totals equal to an independent fold; a silo killed with -9 in
/// the middle loses nothing and applies nothing twice; records that are not CDRs are dead letters naming their topic,
/// partition and offset; a missing topic and unreachable brokers are said plainly.
/// </summary>
[Collection(KillRuns.Collection)]
public sealed class KafkaFeedTests(KafkaMockCluster kafka, RedisServer redis) : IClassFixture<KafkaMockCluster>, IClassFixture<RedisServer>
{
    [Fact]
    public async Task Given_cdrs_written_by_kcat_as_csv_and_json_When_an_embedded_silo_reads_the_topic_Then_totals_equal_an_independent_fold_and_garbage_is_dead_letters()
    {
        var topic = $"cdr-kcat-{Guid.NewGuid():N}";
        // The topic comes with the first message (the mock makes it with four partitions): two records that are not CDRs.
        await KcatAsync(topic, ["not a cdr at all", "{\"caller\":[1,2]}"]);
        var (population, cdrs) = Traffic(seed: 53, count: 3_000);
        using var topicClient = new KafkaCdrTopic(new KafkaFeedOptions { Brokers = kafka.Brokers, Topic = topic });
        using var backlog = new KafkaBacklog(topicClient);
        Assert.Equal(2, (await backlog.ReadAsync(CancellationToken.None)).Sum(p => p.Behind)); // what the metrics show before a silo reads

        using var silo = SiloProcess.StartEmbedded("--kafka", kafka.Brokers, "--kafka-topic", topic, "--Cdr:Engine:DataDirectory=");
        await silo.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Cdr:Cluster:Gateways"] = silo.Gateway }).Build();
        using var host = await ClusterConnection.ConnectAsync(configuration, CancellationToken.None);
        var client = host.Client();
        await ProfileLoader.LoadAsync(client, population.Profiles(), null, CancellationToken.None);

        // Keyed by caller, as a mediation system writes them: half as CSV lines, half as JSON objects.
        await KcatAsync(topic, cdrs.Select((c, i) => $"{c.Caller}\t{(i % 2 == 0 ? CdrCsv.Format(c) : Json(c))}"), keyed: true);

        var stats = client.GetGrain<IStatsGrain>(0);
        await Eventually.UntilAsync(async () => (await stats.GetAsync()).CdrsApplied == cdrs.Count, $"{cdrs.Count} CDRs applied", TimeSpan.FromSeconds(90));
        await AssertTotalsAsync(client, population, cdrs);
        var report = await stats.GetAsync();
        Assert.Equal(2, report.DeadLettered);
        Assert.All(report.RecentDeadLetters!, letter => Assert.Matches($"not a CDR: topic {topic}, partition [0-3], offset [0-9]+, ", letter.Reason));
        Assert.Contains(report.RecentDeadLetters!, letter => letter.Reason.Contains("bad-csv", StringComparison.Ordinal));
        Assert.Contains(report.RecentDeadLetters!, letter => letter.Reason.Contains("bad-json", StringComparison.Ordinal));
        // Embedded mode commits what it applied (every few seconds): nothing stays behind, dead letters included.
        await Eventually.UntilAsync(async () => (await backlog.ReadAsync(CancellationToken.None)).All(p => p.Behind == 0),
            "every partition committed to its end", TimeSpan.FromSeconds(60));
        // What stats shows: the topic's backlog, read by the silo (the client has no Kafka code).
        var stream = await client.GetGrain<IStreamBacklogGrain>(0).ReadAsync();
        Assert.Equal((StreamBacklogReport.Kafka, topic, 4, 0L, (string?)null),
            (stream?.Transport, stream?.Name, stream?.Partitions.Count, stream?.NotYetRead, stream?.Unavailable));
    }

    [Fact]
    public async Task Given_three_durable_silos_on_a_kafka_topic_When_one_is_killed_mid_run_Then_every_subscriber_total_equals_an_independent_fold()
    {
        const string clusterId = "kafka-kill-test";
        var topic = $"cdr-kill-{Guid.NewGuid():N}";
        var group = $"engine-{Guid.NewGuid():N}";
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka.Brokers, EnableIdempotence = true, LingerMs = 5 }).Build();
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "", Value = "" }); // makes the topic (an empty message: a dead letter)
        var (population, cdrs) = Traffic(seed: 59, count: 20_000);
        string[] settings = [.. ExactTotalsRun.Settings(clusterId, 8), "--kafka", kafka.Brokers, "--kafka-topic", topic, $"--Cdr:Kafka:Group={group}", "--Cdr:Kafka:ReadCount=200"];
        var silos = Enumerable.Range(0, 3).Select(_ => SiloProcess.Start(redis.Configuration, clusterId, settings)).ToArray();
        try
        {
            await Task.WhenAll(silos.Select(s => s.WaitUntilUpAsync(TimeSpan.FromSeconds(60))));
            using var host = await SiloProcess.ConnectAsync(redis.Configuration, clusterId, 8);
            var client = host.Client();
            await ProfileLoader.LoadAsync(client, population.Profiles(), null, CancellationToken.None);
            var stats = client.GetGrain<IStatsGrain>(0);

            await ProduceAsync(producer, topic, cdrs.Take(cdrs.Count / 2));
            // Killed once the silos are well into the first half, with the checkpoint (every 5 s) not yet past all of it.
            await Eventually.UntilAsync(async () => (await stats.GetAsync()).CdrsApplied >= cdrs.Count / 6, "a sixth of the CDRs applied", TimeSpan.FromSeconds(90));
            silos[1].Kill();
            await ProduceAsync(producer, topic, cdrs.Skip(cdrs.Count / 2));

            await Eventually.UntilAsync(() => Task.FromResult(Committed(topic, group)), $"the group {group} committed every message of {topic}", TimeSpan.FromSeconds(120));
            await AssertTotalsAsync(client, population, cdrs);
            Assert.Equal(2, silos.Count(s => s.Running));
            var output = string.Concat(silos.Select(s => s.Output));
            Assert.Contains("giving", output); // a partition gave what its dead silo's subscribers lost again from the topic
        }
        finally
        {
            foreach (var silo in silos)
            {
                silo.Dispose();
            }
        }
    }

    [Fact]
    public async Task Given_a_durable_cluster_fed_by_its_redis_stream_When_it_moves_to_a_kafka_topic_Then_the_topics_cdrs_are_applied_on_top_of_its_state()
    {
        const string clusterId = "kafka-move-test";
        var topic = $"cdr-move-{Guid.NewGuid():N}";
        var group = $"engine-{Guid.NewGuid():N}";
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka.Brokers, EnableIdempotence = true, LingerMs = 5 }).Build();
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "", Value = CdrCsv.Header }); // makes the topic
        var (population, cdrs) = Traffic(seed: 61, count: 6_000);
        string[] settings = [.. ExactTotalsRun.Settings(clusterId, 8)];

        using (var silo = SiloProcess.Start(redis.Configuration, clusterId, settings))
        {
            await silo.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
            using var host = await SiloProcess.ConnectAsync(redis.Configuration, clusterId, 8);
            await ProfileLoader.LoadAsync(host.Client(), population.Profiles(), null, CancellationToken.None);
            var publisher = new Generator.Publishing.CdrPublisher(host.Client().GetStreamProvider(Contracts.Streams.CdrStreamOptions.ProviderName),
                new Contracts.Streams.CdrStreamOptions { Partitions = 8, BatchSize = 64 });
            foreach (var cdr in cdrs.Take(cdrs.Count / 2))
            {
                await publisher.PublishAsync(cdr);
            }
            await publisher.FlushAsync();
            await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
            await ExactTotalsRun.DrainAsync(connection.GetDatabase(), 8);
            await host.StopAsync();
            await silo.StopAsync();
        }

        using (var silo = SiloProcess.Start(redis.Configuration, clusterId, [.. settings, "--kafka", kafka.Brokers, "--kafka-topic", topic, $"--Cdr:Kafka:Group={group}"]))
        {
            await silo.WaitUntilUpAsync(TimeSpan.FromSeconds(60));
            using var host = await SiloProcess.ConnectAsync(redis.Configuration, clusterId, 8);
            await ProduceAsync(producer, topic, cdrs.Skip(cdrs.Count / 2));
            await Eventually.UntilAsync(() => Task.FromResult(Committed(topic, group)), $"the group {group} committed every message of {topic}", TimeSpan.FromSeconds(120));
            await AssertTotalsAsync(host.Client(), population, cdrs);
        }
    }

    [Fact]
    public async Task Given_a_topic_the_brokers_do_not_have_or_brokers_that_do_not_answer_When_a_silo_starts_Then_it_says_which()
    {
        using (var missing = SiloProcess.StartEmbedded("--kafka", kafka.Brokers, "--kafka-topic", "no-such-topic", "--Cdr:Engine:DataDirectory="))
        {
            await missing.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.True(missing.ExitCode == 2, missing.Output);
            Assert.Contains($"error: the topic 'no-such-topic' does not exist on the Kafka at {kafka.Brokers}", missing.Output);
        }
        var nobody = $"127.0.0.1:{SiloProcess.FreePort()}";
        using (var unreachable = SiloProcess.StartEmbedded("--kafka", nobody, "--Cdr:Kafka:Timeout=00:00:01", "--Cdr:Engine:DataDirectory="))
        {
            await unreachable.WaitForOutputAsync($"warn: Kafka at {nobody} did not describe topic 'cdr' within 1 s (", TimeSpan.FromSeconds(60));
            await unreachable.WaitForOutputAsync("trying again in 2 s", TimeSpan.FromSeconds(30));
            Assert.True(unreachable.Running, "a silo whose Kafka is away waits for it");
        }
        using (var wrong = SiloProcess.StartEmbedded("--kafka", "kafka1", "--Cdr:Engine:DataDirectory="))
        {
            await wrong.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(2, wrong.ExitCode);
            Assert.Contains("Cdr:Kafka:Brokers holds 'kafka1'; each broker is host:port", wrong.Output);
        }
    }

    private static (Population Population, List<CallDetailRecord> Cdrs) Traffic(int seed, int count)
    {
        var now = DateTime.UtcNow;
        var population = Population.Create(300, seed, DateOnly.FromDateTime(now));
        var synthesizer = new CdrSynthesizer(population, seed, now.AddDays(-4), cdrsPerSimSecond: 0.1);
        return (population, Enumerable.Range(0, count).Select(_ => synthesizer.Next()).ToList());
    }

    private static async Task AssertTotalsAsync(IClusterClient client, Population population, IReadOnlyList<CallDetailRecord> cdrs)
    {
        var expected = ExactTotalsRun.Fold(population, cdrs);
        var wrong = new List<string>();
        foreach (var msisdn in population.Msisdns)
        {
            var snapshot = await client.GetGrain<ISubscriberGrain>(msisdn).GetSnapshotAsync();
            if (expected.GetValueOrDefault(msisdn)?.Totals != snapshot?.Totals)
            {
                wrong.Add($"{msisdn}: expected {expected.GetValueOrDefault(msisdn)?.Totals}\n  actual {snapshot?.Totals}");
            }
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} subscribers' totals differ from the independent fold; first {wrong.FirstOrDefault()}");
    }

    /// <summary>A CDR as the documented JSON record: its CSV columns by name, numbers as numbers.</summary>
    private static string Json(CallDetailRecord cdr)
    {
        var fields = CdrCsv.Format(cdr).Split(',');
        var record = new Dictionary<string, object>();
        for (var i = 0; i < CdrCsv.Columns.Length; i++)
        {
            if (fields[i].Length > 0)
            {
                record[CdrCsv.Columns[i]] = long.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && CdrCsv.Columns[i] != "id" ? number : fields[i];
            }
        }
        return JsonSerializer.Serialize(record);
    }

    /// <summary>Writes <paramref name="lines"/> to the topic with Debian's kcat, one message each (keyed by what comes before a tab).</summary>
    private async Task KcatAsync(string topic, IEnumerable<string> lines, bool keyed = false)
    {
        var info = new ProcessStartInfo("kcat", ["-P", "-b", kafka.Brokers, "-t", topic, .. keyed ? new[] { "-K", "\t" } : []])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
        };
        using var kcat = Process.Start(info)!;
        foreach (var line in lines)
        {
            await kcat.StandardInput.WriteLineAsync(line);
        }
        kcat.StandardInput.Close();
        var errors = await kcat.StandardError.ReadToEndAsync();
        await kcat.WaitForExitAsync();
        Assert.True(kcat.ExitCode == 0, $"kcat failed: {errors}");
    }

    private static async Task ProduceAsync(IProducer<string, string> producer, string topic, IEnumerable<CallDetailRecord> cdrs)
    {
        foreach (var chunk in cdrs.Chunk(500))
        {
            await Task.WhenAll(chunk.Select(c => producer.ProduceAsync(topic, new Message<string, string> { Key = c.Caller, Value = CdrCsv.Format(c) })));
        }
    }

    /// <summary>Whether the group's committed offset is each partition's end.</summary>
    private bool Committed(string topic, string group)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.Brokers, GroupId = group }).Build();
        var partitions = Enumerable.Range(0, 4).Select(p => new TopicPartition(topic, new Partition(p))).ToList();
        var committed = consumer.Committed(partitions, TimeSpan.FromSeconds(10));
        return committed.All(c => c.Offset.Value == consumer.QueryWatermarkOffsets(c.TopicPartition, TimeSpan.FromSeconds(10)).High.Value);
    }
}
