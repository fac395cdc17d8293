using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain.Files;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Generator.Running;

namespace Cdr.Orleans.Tests.Files;

/// <summary>The two CDR layouts of the systems this engine replaces, read by <c>replay</c>.</summary>
public sealed class LegacyFormatTests
{
    [Theory]
    [InlineData("07700 900123", "+447700900123")]
    [InlineData("+44 7700-900123", "+447700900123")]
    [InlineData("447700900123", "+447700900123")]
    [InlineData("+44 (0)7700 900123", "+447700900123")]
    [InlineData("0033 1 42 68 53 00", "+33142685300")]
    [InlineData("+1 (212) 555-0123", "+12125550123")]
    public void Given_a_number_in_a_common_form_When_normalised_Then_it_is_e164(string raw, string expected) =>
        Assert.Equal(expected, Cdr.Orleans.Domain.PhoneNumber.ToE164(raw, "GB", out _));

    [Fact]
    public void Given_pipe_lines_When_read_Then_numbers_times_types_and_results_are_the_engines()
    {
        var (reader, firstIsData) = CdrFileFormats.Open(CdrFileFormats.Detect("1|x|c|y|t|1|VOICE|0|ANSWERED"), null, "old.txt", "GB");

        var call = reader.Parse("p17|07700 900123|call-1|+33 1 42 68 53 00|Mon Nov 23 10:00:00 2026|125|VOICE|0.35|ANSWERED", 1, out var error);
        var sms = reader.Parse("p17|07700900123|call-2|07700 900456|Tue Nov  3 09:05:07 2026|0|SMS|0.05|Busy", 2, out _);

        Assert.True(firstIsData);
        Assert.Null(error);
        Assert.Equal(new CallDetailRecord("call-1", "+447700900123", "+33142685300", new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc), 125,
            CdrType.Voice, 0, CallResult.Answered, 0.35m, "", false, "FR"), call);
        Assert.Equal((CdrType.Sms, CallResult.Busy, "GB", new DateTime(2026, 11, 3, 9, 5, 7, DateTimeKind.Utc)), (sms!.Type, sms.Result, sms.CalleeCountry, sms.StartUtc));
    }

    [Theory]
    [InlineData("+999 1234567", "9991234567", "ZZ")]
    [InlineData("+33 12", "3312", "FR")]
    [InlineData("0049 1", "00491", "DE")]
    [InlineData("12", "12", "ZZ")]
    public void Given_the_replaced_generators_spellings_and_impossible_callees_When_read_Then_the_cdr_is_kept_with_the_callee_as_written(
        string callee, string digits, string country)
    {
        var (reader, _) = CdrFileFormats.Open(CdrFileFormat.Pipe, null, "old.txt", "GB");

        var cdr = reader.Parse($"p1|07700 900123|c-1|{callee}|Mon Nov 23 10:00:00 2026|61|VOICE|0.10|AWNSERED", 1, out var error);

        Assert.Null(error);
        Assert.Equal(("+447700900123", digits, country, CallResult.Answered), (cdr!.Caller, cdr.Callee, cdr.CalleeCountry, cdr.Result));
    }

    [Fact]
    public void Given_a_calls_file_line_When_read_Then_duration_comes_from_the_times_and_region_from_the_location()
    {
        var (reader, firstIsData) = CdrFileFormats.Open(CdrFileFormats.Detect(CdrFileFormats.CallsHeader), CdrFileFormats.CallsHeader, "calls.csv", "GB");

        var cdr = reader.Parse("07700 900123,+91 98765 43210,Scotland,Nov 23 2026 10:00:00,Nov 23 2026 10:02:05,Voice,Contoso Telecom", 2, out var error);

        Assert.False(firstIsData);
        Assert.Null(error);
        Assert.Equal(("calls.csv:2", "+447700900123", "+919876543210", 125, "Scotland", "IN"), (cdr!.Id, cdr.Caller, cdr.Callee, cdr.DurationSeconds, cdr.Region, cdr.CalleeCountry));
    }

    [Theory]
    [InlineData("p|07700900123|c|07700900456|Mon Nov 23 10:00:00 2026|60|FAX|0|ANSWERED", "unknown-type: line 7: type 'FAX' is not VOICE or SMS")]
    [InlineData("p|07700900123|c|07700900456|2026-11-23 10:00|60|VOICE|0|ANSWERED", "bad-time: line 7: start '2026-11-23 10:00' is not a C asctime time")]
    [InlineData("p|12|c|07700900456|Mon Nov 23 10:00:00 2026|60|VOICE|0|ANSWERED", "bad-msisdn: line 7: calling number '12' is not")]
    [InlineData("p|07700900123|c|07700900456|Mon Nov 23 10:00:00 2026|60|VOICE|0|HUNG UP", "unknown-result: line 7: result 'HUNG UP' is not one of")]
    [InlineData("p|07700900123|c", "bad-line: line 7: expected 9 fields")]
    public void Given_a_bad_pipe_line_When_read_Then_the_reason_names_the_line_and_what_is_accepted(string line, string expected)
    {
        var (reader, _) = CdrFileFormats.Open(CdrFileFormat.Pipe, null, "old.txt", "GB");

        Assert.Null(reader.Parse(line, 7, out var error));
        Assert.StartsWith(expected, error?.ToString());
    }

    [Fact]
    public async Task Given_a_calls_file_with_a_bad_line_When_replayed_Then_that_line_is_rejected_with_its_number_and_the_rest_published()
    {
        var path = Path.Combine(Path.GetTempPath(), $"calls-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(path,
        [
            CdrFileFormats.CallsHeader,
            "07700900123,07700900456,London,Nov 23 2026 10:00:00,Nov 23 2026 10:01:00,Voice,Northwind Mobile",
            "07700900123,07700900456,London,Nov 23 2026 10:05:00,Nov 23 2026 10:04:00,Voice,Northwind Mobile",
            "07700900124,+353 85 123 4567,Leeds,Nov 23 2026 11:00:00,Nov 23 2026 11:00:00,SMS,Contoso Telecom",
        ]);
        var sink = new OfflineSink();
        var errors = new List<string>();

        var summary = await new ReplayRunner(sink).RunAsync(path, 0, null, errors.Add, CancellationToken.None);
        File.Delete(path);

        Assert.Equal((3L, 2L), (summary.Lines, summary.Published));
        Assert.StartsWith("bad-duration: line 3: EndT", Assert.Single(errors));
        var wrongHeader = await Assert.ThrowsAsync<FormatException>(() => new ReplayRunner(sink, CdrFileFormat.Calls).RunAsync(WriteTemp("caller,callee\n"), 0, null, null, CancellationToken.None));
        Assert.EndsWith($": the first line is 'caller,callee'; a calls file starts with the header {CdrFileFormats.CallsHeader}", wrongHeader.Message);
    }

    [Fact]
    public async Task Given_a_pipe_file_When_replayed_Then_its_first_line_is_data()
    {
        var path = WriteTemp("p|07700900123|c1|07700900456|Mon Nov 23 10:00:00 2026|60|VOICE|0|ANSWERED\np|07700900123|c2|07700900456|Mon Nov 23 10:01:00 2026|0|SMS|0|ANSWERED\n");
        var summary = await new ReplayRunner(new OfflineSink()).RunAsync(path, 0, null, null, CancellationToken.None);
        File.Delete(path);

        Assert.Equal((2L, 2L), (summary.Lines, summary.Published));
    }

    private static string WriteTemp(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cdrs-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, text);
        return path;
    }
}
