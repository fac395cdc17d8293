using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Traffic;
using Cdr.Orleans.Infrastructure.History;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cdr.Orleans.Tests.History;

/// <summary>
/// The history files as a silo writes them: parts per flush, merged once their hour is over, nothing twice after a
/// merge stopped half-way or a restart, a damaged part set aside, old days deleted; read back with DuckDB.
/// </summary>
public sealed class HistoryWriterTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("cdr-history-test-").FullName;
    private readonly Clock clock = new(new DateTime(2026, 12, 1, 10, 15, 0, DateTimeKind.Utc));

    private HistoryWriter Writer(string silo = "10.0.0.11:11111", int retentionDays = 90) =>
        new(new HistoryOptions { Directory = directory, RetentionDays = retentionDays }, null, silo, clock, NullLogger<HistoryWriter>.Instance);

    private static TrafficEntry Voice(DateTime at, long calls, long seconds) =>
        new(new TrafficCell(TrafficDimension.Type, "voice", TrafficCell.MinuteOf(at)), new TrafficCounts(calls, seconds, 0, 0));

    private static OfferDecision Decision(string id, string campaign, OfferOutcome outcome, DateTime at) =>
        new(id, campaign, "+447700900123", "cdr-" + id, at, outcome, "CODE", "text", "sms", 1.5m, new Dictionary<string, string> { ["VoiceCalls"] = "12" }, DecidedUtc: at);

    private Task<HistoryResult> QueryAsync(string sql) => HistoryQuery.RunAsync(directory, sql, TimeSpan.FromSeconds(30), CancellationToken.None);

    private static long Scalar(HistoryResult result) => Convert.ToInt64(Assert.Single(result.Rows)[0], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Given_rows_over_two_flushes_When_the_hour_is_over_and_maintained_Then_one_file_per_writer_holds_them_all_once()
    {
        var writer = Writer();
        writer.AddTraffic([Voice(clock.Now.AddMinutes(-3), 10, 600)]);
        writer.AddDecisions([Decision("a1", "night-pack", OfferOutcome.Sent, clock.Now)]);
        await writer.FlushAsync(CancellationToken.None);
        writer.AddTraffic([Voice(clock.Now.AddMinutes(-3), 5, 100), Voice(clock.Now.AddMinutes(-2), 1, 30)]);
        writer.AddDecisions([Decision("a2", "night-pack", OfferOutcome.HeldOut, clock.Now)]);
        await writer.FlushAsync(CancellationToken.None);
        var hour = HistoryFiles.HourFolder(directory, HistoryWriter.Traffic, clock.Now);
        Assert.Equal(2, Directory.GetFiles(hour, "*.parquet").Length);

        await writer.MaintainAsync(CancellationToken.None); // the hour is not over: parts stay
        Assert.Equal(2, Directory.GetFiles(hour, "*.parquet").Length);
        clock.Now = clock.Now.AddHours(1);
        await writer.MaintainAsync(CancellationToken.None);

        Assert.Equal(["10.0.0.11-11111.parquet"], Directory.GetFiles(hour).Select(Path.GetFileName));
        Assert.Equal(16, Scalar(await QueryAsync("SELECT sum(cdrs) FROM traffic WHERE dimension = 'type' AND value = 'voice'")));
        Assert.Equal(730, Scalar(await QueryAsync("SELECT sum(voice_seconds) FROM traffic")));
        var decisions = await QueryAsync("SELECT offer_id, outcome, subscriber, value FROM decisions ORDER BY offer_id");
        Assert.Equal([["a1", "sent", "+4477******23", 1.5], ["a2", "held_out", "+4477******23", 1.5]],
            decisions.Rows.Select(r => r.Select(v => v is string s ? (object)s : Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()));
    }

    [Fact]
    public async Task Given_a_merge_that_stopped_after_writing_When_maintained_again_Then_it_finishes_without_a_row_twice()
    {
        var writer = Writer();
        writer.AddTraffic([Voice(clock.Now, 7, 70)]);
        await writer.FlushAsync(CancellationToken.None);
        var hour = HistoryFiles.HourFolder(directory, HistoryWriter.Traffic, clock.Now);
        var part = Assert.Single(Directory.GetFiles(hour, "*.parquet"));
        // As a merge leaves it when the silo dies between its merged file and deleting the parts.
        File.Copy(part, Path.Combine(hour, "10.0.0.11-11111.parquet" + HistoryFiles.MergedSuffix));

        clock.Now = clock.Now.AddHours(1);
        await Writer().MaintainAsync(CancellationToken.None); // a restarted silo: same name, new parts

        Assert.Equal(["10.0.0.11-11111.parquet"], Directory.GetFiles(hour).Select(Path.GetFileName));
        Assert.Equal(7, Scalar(await QueryAsync("SELECT sum(cdrs) FROM traffic")));
    }

    [Fact]
    public async Task Given_two_silos_and_a_restart_When_they_write_the_same_hour_Then_each_keeps_its_own_files_and_every_row_counts_once()
    {
        var first = Writer("10.0.0.11:11111");
        var second = Writer("10.0.0.12:11111");
        first.AddTraffic([Voice(clock.Now, 1, 10)]);
        second.AddTraffic([Voice(clock.Now, 2, 20)]);
        await first.FlushAsync(CancellationToken.None);
        await second.FlushAsync(CancellationToken.None);
        var restarted = Writer("10.0.0.11:11111");
        restarted.AddTraffic([Voice(clock.Now, 4, 40)]);
        await restarted.FlushAsync(CancellationToken.None);
        clock.Now = clock.Now.AddHours(1);
        await restarted.MaintainAsync(CancellationToken.None);
        await second.MaintainAsync(CancellationToken.None);

        var hour = HistoryFiles.HourFolder(directory, HistoryWriter.Traffic, clock.Now.AddHours(-1));
        Assert.Equal(["10.0.0.11-11111.parquet", "10.0.0.12-11111.parquet"], Directory.GetFiles(hour).Select(Path.GetFileName).Order());
        Assert.Equal(7, Scalar(await QueryAsync("SELECT sum(cdrs) FROM traffic")));
    }

    [Fact]
    public async Task Given_a_damaged_part_When_queried_Then_the_error_names_it_and_when_merged_it_is_set_aside_and_the_rest_kept()
    {
        var writer = Writer();
        writer.AddTraffic([Voice(clock.Now, 3, 30)]);
        await writer.FlushAsync(CancellationToken.None);
        var hour = HistoryFiles.HourFolder(directory, HistoryWriter.Traffic, clock.Now);
        var damaged = Path.Combine(hour, "10.0.0.11-11111~20261201T000000000-000009.parquet");
        await File.WriteAllTextAsync(damaged, "not parquet at all, cut off");

        var error = await Assert.ThrowsAsync<HistoryQueryException>(() => QueryAsync("SELECT sum(cdrs) FROM traffic"));
        Assert.Contains(damaged, error.Message, StringComparison.Ordinal);
        Assert.Contains("damaged history file", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("the history cannot be read: ", error.Message, StringComparison.Ordinal);

        clock.Now = clock.Now.AddHours(1);
        await writer.MaintainAsync(CancellationToken.None);
        Assert.True(File.Exists(damaged + HistoryFiles.DamagedSuffix));
        Assert.Equal(3, Scalar(await QueryAsync("SELECT sum(cdrs) FROM traffic")));
    }

    [Fact]
    public async Task Given_days_older_than_the_retention_When_maintained_Then_their_folders_are_deleted_and_newer_ones_kept()
    {
        var writer = Writer(retentionDays: 2);
        writer.AddDeadLetters([new DeadLetter(3, "+447700900123", "c1", "boom", clock.Now)]);
        await writer.FlushAsync(CancellationToken.None);
        clock.Now = clock.Now.AddDays(1);
        writer.AddDeadLetters([new DeadLetter(3, "+447700900123", "c2", "boom", clock.Now)]);
        await writer.FlushAsync(CancellationToken.None);

        clock.Now = clock.Now.AddDays(2);
        await writer.MaintainAsync(CancellationToken.None);

        Assert.Equal(1, Scalar(await QueryAsync("SELECT count(*) FROM dead_letters")));
        Assert.Equal("c2", Assert.Single((await QueryAsync("SELECT cdr_id FROM dead_letters")).Rows)[0]);
    }

    [Theory]
    [InlineData("COPY (SELECT 1) TO 'x.csv'")]
    [InlineData("CREATE TABLE t AS SELECT 1")]
    [InlineData("INSERT INTO traffic VALUES (1)")]
    [InlineData("ATTACH 'other.db'")]
    [InlineData("SET enable_external_access = true")]
    [InlineData("SELECT 1; SELECT 2")]
    [InlineData("INSTALL httpfs")]
    public async Task Given_a_query_that_is_not_one_select_When_run_Then_it_is_refused_and_nothing_is_written(string sql)
    {
        Directory.CreateDirectory(directory);
        var error = await Assert.ThrowsAsync<HistoryQueryException>(() => QueryAsync(sql));
        Assert.StartsWith("only one SELECT is accepted", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(directory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Given_a_select_that_reads_a_file_outside_the_history_When_run_Then_it_is_refused()
    {
        Directory.CreateDirectory(directory);
        var error = await Assert.ThrowsAsync<HistoryQueryException>(() => QueryAsync("SELECT * FROM read_csv('/etc/passwd')"));
        Assert.StartsWith("the query failed: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("/etc/passwd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_no_files_yet_When_a_table_is_queried_Then_it_is_empty_with_its_columns()
    {
        Directory.CreateDirectory(directory);
        var result = await QueryAsync("SELECT * FROM responses");
        Assert.Empty(result.Rows);
        Assert.Contains("offer_id", result.Columns);
        Assert.Contains("response", result.Columns);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private sealed class Clock(DateTime start) : TimeProvider
    {
        public DateTime Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
