using System.Globalization;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Traffic;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Domain.Cdrs;
using Cdr.Orleans.Domain.Files;
using Cdr.Orleans.Domain.Text;
using Cdr.Orleans.Domain.Traffic;
using CsCheck;

namespace Cdr.Orleans.Tests.Files;

/// <summary>
/// What a feed says is kept where it can be: a number in E.164 shape outside its country's plan is a caller with a
/// note, a file's operator column feeds the traffic views; what cannot be read one way only (a date of numbers alone)
/// is refused with the formats that are.
/// </summary>
public sealed class InputRuleTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Given_the_replaced_systems_pipe_line_with_a_caller_its_plan_does_not_know_When_replayed_Then_it_is_kept_with_the_note()
    {
        var (reader, _) = CdrFileFormats.Open(CdrFileFormat.Pipe, null, "old.txt", "GB");

        var cdr = reader.Parse("17|+236-671-277-6788|c-1|+44 7700 900123|Mon Nov 23 10:00:00 2026|60|VOICE|0.10|AWNSERED", 1, out var error);

        Assert.Null(error);
        Assert.Equal("+2366712776788", cdr!.Caller);
        Assert.Equal("+2366712776788", CdrIntake.Accept(cdr, Now, TimeSpan.FromMinutes(5), out var reason, out var note)?.Caller);
        Assert.Null(reason);
        Assert.Equal(CdrIntake.NumberNotInPlan, note);
    }

    [Theory]
    [InlineData("+44 7700 900123", "+447700900123", null)]
    [InlineData("+236 671 277 6788", "+2366712776788", CdrIntake.NumberNotInPlan)]
    [InlineData("+1 (202) 555-0143", "+12025550143", null)]
    [InlineData("+44.7700.900123.45", "+44770090012345", CdrIntake.NumberNotInPlan)]
    public void Given_numbers_in_e164_shape_When_read_Then_each_is_kept_and_only_those_outside_the_plan_are_noted(string written, string e164, string? note)
    {
        var read = PhoneNumber.ToE164(written, "GB", out var error);

        Assert.Null(error);
        Assert.Equal(e164, read);
        Assert.Equal(note is null, NumberPlan.IsPossible(read!));
    }

    [Theory]
    [InlineData("+999 1234 5678", "is not a phone number")]
    [InlineData("+44 7700 900123 4567 89", "is not a possible phone number")]
    [InlineData("hello", "is not a phone number")]
    public void Given_what_is_not_a_number_in_e164_shape_When_read_Then_it_is_refused(string written, string why)
    {
        Assert.Null(PhoneNumber.ToE164(written, "GB", out var error));
        Assert.Contains(why, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_any_number_in_e164_shape_with_an_assigned_code_When_read_Then_it_is_kept_as_its_digits()
    {
        Gen.Select(Gen.Int[0, Codes.Length - 1], Gen.Long[0, long.MaxValue], Gen.Int[0, 3]).Sample(t =>
        {
            var (index, seed, separator) = t;
            var code = Codes[index];
            var length = 8 + (int)(seed % 8) - code.Length; // 8 to 15 digits in all
            var national = "5" + (seed / 8).ToString(CultureInfo.InvariantCulture).PadLeft(14, '3')[..(length - 1)];
            var written = "+" + string.Join(new[] { "", " ", "-", "." }[separator], (code + national).Chunk(3).Select(c => new string(c)));

            Assert.Equal("+" + code + national, PhoneNumber.ToE164(written, "GB", out var error));
            Assert.Null(error);
        }, iter: 2_000);
    }

    private static readonly string[] Codes = ["1", "7", "20", "44", "49", "86", "91", "236", "353", "880", "971"];

    [Theory]
    [InlineData("11/20/2026")]
    [InlineData("01/02/2026 10:00")]
    [InlineData("20.11.2026 10:00:00")]
    [InlineData("1-2-26")]
    public void Given_a_date_of_numbers_alone_When_read_Then_it_is_refused_with_the_accepted_formats(string text)
    {
        Assert.False(TimeText.TryParseUtc(text, out _, out var why));
        Assert.Equal($"is a date of numbers alone, which reads as either day or month first; {TimeText.Accepted}", why);
    }

    [Theory]
    [InlineData("2026-11-23T10:00:00Z", "2026-11-23T10:00:00")]
    [InlineData("2026-11-23 10:00", "2026-11-23T10:00:00")]
    [InlineData("2026-11-23T11:00:00+01:00", "2026-11-23T10:00:00")]
    [InlineData("23 Nov 2026 10:00:00", "2026-11-23T10:00:00")]
    [InlineData("Nov 23 2026 10:00:00", "2026-11-23T10:00:00")]
    [InlineData("2026/11/23 10:00:00", "2026-11-23T10:00:00")]
    public void Given_a_time_that_reads_one_way_only_When_read_Then_it_is_that_time_in_utc(string text, string utc)
    {
        Assert.True(TimeText.TryParseUtc(text, out var value, out var why), why);
        Assert.Equal(DateTime.Parse(utc, CultureInfo.InvariantCulture), value);
        Assert.Equal(DateTimeKind.Utc, value.Kind);
    }

    [Fact]
    public void Given_numeric_dates_of_every_day_and_month_When_read_Then_none_is_taken()
    {
        Gen.Select(Gen.Int[1, 31], Gen.Int[1, 12], Gen.Int[2000, 2030], Gen.OneOf(Gen.Const('/'), Gen.Const('.'), Gen.Const('-'))).Sample(t =>
        {
            var (day, month, year, sep) = t;
            Assert.False(TimeText.TryParseUtc($"{month:00}{sep}{day:00}{sep}{year} 10:00", out _, out _));
            Assert.False(TimeText.TryParseUtc($"{day}{sep}{month}{sep}{year}", out _, out _));
        }, iter: 1_000);
    }

    [Fact]
    public void Given_a_calls_file_with_its_company_column_When_replayed_and_counted_Then_the_operator_view_shows_the_company_for_callers_without_a_profile()
    {
        var (reader, _) = CdrFileFormats.Open(CdrFileFormat.Calls, CdrFileFormats.CallsHeader, "calls.csv", "GB");
        var cdr = reader.Parse("+447700900123,+447700900456,Manchester,Nov 23 2026 10:00:00,Nov 23 2026 10:01:00,Voice,Northwind Mobile", 2, out var error);
        Assert.Null(error);
        Assert.Equal(("Manchester", "Northwind Mobile"), (cdr!.Region, cdr.Operator));
        Assert.Null(CdrValidator.ValidateShape(cdr));

        var tally = new TrafficTally();
        tally.Add(cdr, callerOperator: null);
        tally.Add(cdr, callerOperator: "Contoso Telecom");
        var operators = tally.Take().Where(e => e.Cell.Dimension == TrafficDimension.Operator).ToDictionary(e => e.Cell.Value, e => e.Counts.Cdrs);

        Assert.Equal(new Dictionary<string, long> { ["Northwind Mobile"] = 1, ["Contoso Telecom"] = 1 }, operators);
    }

    [Fact]
    public void Given_an_engine_csv_with_an_operator_column_When_written_and_read_Then_the_operator_survives()
    {
        var cdr = new CallDetailRecord("x-1", "+447700900123", "+447700900456", Now.AddHours(-1), 60, CdrType.Voice, 0, CallResult.Answered, 0.1m, "London", false, "GB", "Northwind Mobile");
        var layout = CdrCsv.ReadHeader(CdrCsv.Header, "out.csv");

        Assert.Equal(cdr, CdrCsv.Parse(layout, CdrCsv.Format(cdr), 2, out var error));
        Assert.Null(error);
    }
}
