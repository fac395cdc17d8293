using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain.Cdrs;
using Cdr.Orleans.Domain.Files;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Files;

public sealed class CdrCsvTests
{
    private static readonly CsvLayout Full = CdrCsv.ReadHeader(CdrCsv.Header, "t.csv");

    [Fact]
    public void Given_a_cdr_When_formatted_and_parsed_Then_it_is_the_same_cdr()
    {
        var cdr = Voice(Alice, "+4915112345678", T0, 61, CallResult.Dropped, 1.2m, "DE", roaming: true);

        var parsed = CdrCsv.Parse(Full, CdrCsv.Format(cdr), 2, out var error);

        Assert.Null(error);
        Assert.Equal(cdr, parsed);
    }

    [Fact]
    public void Given_only_the_required_columns_in_another_order_When_parsed_Then_defaults_fill_the_rest()
    {
        var layout = CdrCsv.ReadHeader("start_utc,type,caller,callee,duration_s", "min.csv");

        var cdr = CdrCsv.Parse(layout, "2026-11-23T10:00:00Z,voice,+447700000001,+447700000002,42", 7, out var error);

        Assert.Null(error);
        Assert.Equal(new CallDetailRecord("min.csv:7", Alice, Bob, T0, 42, CdrType.Voice, 0, CallResult.Answered, 0m, "", false, ""), cdr);
    }

    [Theory]
    [InlineData("2026-11-23T10:00:00Z,voice,+447700000001,+447700000002", "bad-csv: line 5: expected 5 fields as in the header, found 4")]
    [InlineData("2026-11-23T10:00:00Z,fax,+447700000001,+447700000002,42", "unknown-type: line 5: type 'fax' is not one of voice, sms, data, or an event: top_up, balance, bundle, registration, device_change")]
    [InlineData("2026-11-23T10:00:00Z,voice,+447700000001,+447700000002,-3", "bad-duration: line 5: duration -3s is outside 0..86400")]
    [InlineData("2026-11-23T10:00:00Z,voice,+447700000001,+447700000002,ten", "bad-duration: line 5: duration_s 'ten' is not a whole number of seconds")]
    [InlineData("yesterday,voice,+447700000001,+447700000002,42", "bad-time: line 5: start_utc 'yesterday' is not a time; accepted: ISO 8601 such as 2026-11-23T10:00:00Z, or a month name such as 23 Nov 2026 10:00:00")]
    [InlineData("11/20/2026,voice,+447700000001,+447700000002,42", "bad-time: line 5: start_utc '11/20/2026' is a date of numbers alone, which reads as either day or month first; accepted: ISO 8601 such as 2026-11-23T10:00:00Z, or a month name such as 23 Nov 2026 10:00:00")]
    [InlineData("01/02/2026 10:00,voice,+447700000001,+447700000002,42", "bad-time: line 5: start_utc '01/02/2026 10:00' is a date of numbers alone, which reads as either day or month first; accepted: ISO 8601 such as 2026-11-23T10:00:00Z, or a month name such as 23 Nov 2026 10:00:00")]
    [InlineData("2026-11-23T10:00:00Z,voice,07700000001,+447700000002,42", "bad-msisdn: line 5: caller '07700000001' is not an E.164 number ('+' then 8 to 15 digits, no leading 0)")]
    public void Given_a_malformed_line_When_parsed_Then_it_is_rejected_with_its_line_number_and_reason(string line, string expected)
    {
        var layout = CdrCsv.ReadHeader("start_utc,type,caller,callee,duration_s", "bad.csv");

        var cdr = CdrCsv.Parse(layout, line, 5, out var error);

        Assert.Null(cdr);
        Assert.Equal(expected, error?.ToString());
    }

    [Fact]
    public void Given_a_header_without_required_columns_When_read_Then_the_error_names_them_and_the_format()
    {
        var ex = Assert.Throws<FormatException>(() => CdrCsv.ReadHeader("caller,callee,kind", "old.csv"));

        Assert.StartsWith("old.csv: the header lacks column(s) type, duration_s, start_utc; required: caller, callee, type, duration_s, start_utc", ex.Message);
    }

    [Fact]
    public void Given_a_cdr_from_beyond_the_tolerance_When_validated_Then_it_is_rejected_as_future_time()
    {
        var now = T0;
        var ok = Voice(Alice, Bob, now.AddMinutes(4), 10);
        var future = Voice(Alice, Bob, now.AddMinutes(6), 10);

        Assert.Null(CdrValidator.Validate(ok, now, TimeSpan.FromMinutes(5)));
        Assert.Equal("future-time", CdrValidator.Validate(future, now, TimeSpan.FromMinutes(5))!.Code);
    }
}
