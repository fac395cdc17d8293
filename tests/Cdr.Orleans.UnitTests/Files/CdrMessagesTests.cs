using System.Text;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain.Files;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Files;

/// <summary>CDRs as Kafka messages: the engine's CSV lines (all columns or a CDR's own), JSON objects, and what is refused.</summary>
public sealed class CdrMessagesTests
{
    private const string Source = "cdr/2@41";

    private static List<CdrMessages.Line> Parse(string text) => CdrMessages.Parse(Encoding.UTF8.GetBytes(text), Source);

    [Fact]
    public void Given_csv_lines_of_all_columns_or_a_cdrs_own_When_parsed_Then_each_is_the_cdr_written_and_a_header_line_is_skipped()
    {
        var voice = Voice(Alice, Bob, T0, 75);
        var topUp = TopUp(Carol, T0.AddMinutes(1), 10m, 12.5m);
        var own = string.Join(',', CdrCsv.Format(voice).Split(',').Take(CdrCsv.CdrColumns.Length));

        var lines = Parse($"{CdrCsv.Header}\n{CdrCsv.Format(voice)}\r\n{own}\n\n{CdrCsv.Format(topUp)}\n");

        Assert.Equal([voice, voice, topUp], lines.Select(l => l.Record));
        Assert.All(lines, l => Assert.Null(l.Rejection));
    }

    [Fact]
    public void Given_a_json_object_When_parsed_Then_its_members_are_the_columns_and_a_record_without_id_is_named_after_its_message_and_line()
    {
        var json = """{"caller":"+447700000001","callee":"+447700000002","type":"voice","start_utc":"2026-11-23T10:00:00Z","duration_s":60,"roaming":true,"charge":0.25,"extra":{"x":1}}""";

        var record = Assert.Single(Parse(json)).Record!;

        Assert.Equal(("cdr/2@41:1", Alice, Bob, CdrType.Voice, 60, true, 0.25m), (record.Id, record.Caller, record.Callee, record.Type, record.DurationSeconds, record.Roaming, record.Charge));
    }

    [Theory]
    [InlineData("not a cdr", "bad-csv", "1 fields; a CSV message line has 13")]
    [InlineData("{\"caller\":[1]}", "bad-json", "member 'caller' is an Array")]
    [InlineData("{\"caller\":", "bad-json", "not a JSON object")]
    [InlineData("[1,2]", "bad-csv", "2 fields")]
    [InlineData("", "bad-message", "the message holds no record")]
    public void Given_a_message_that_is_not_a_cdr_When_parsed_Then_it_is_refused_saying_why_and_what_is_accepted(string text, string code, string detail)
    {
        var rejection = Assert.Single(Parse(text)).Rejection!;

        Assert.Equal(code, rejection.Code);
        Assert.Contains(detail, rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_message_of_a_header_alone_When_parsed_Then_it_holds_nothing_and_nothing_is_wrong()
    {
        Assert.Empty(Parse(CdrCsv.Header + "\r\n"));
        Assert.Empty(Parse(string.Join(',', CdrCsv.CdrColumns)));
    }

    [Fact]
    public void Given_bytes_that_are_not_utf8_or_too_many_When_parsed_Then_the_message_is_refused()
    {
        Assert.Contains("not UTF-8", Assert.Single(CdrMessages.Parse([0xff, 0xfe, 0x41], Source)).Rejection!.Detail, StringComparison.Ordinal);
        Assert.Contains("at most 1048576", Assert.Single(CdrMessages.Parse(new byte[CdrMessages.MaxBytes + 1], Source)).Rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_message_of_a_good_and_a_bad_line_When_parsed_Then_the_good_one_is_kept_and_the_bad_one_refused()
    {
        var sms = Sms(Alice, Bob, T0);

        var lines = Parse($"{CdrCsv.Format(sms)}\n{CdrCsv.Format(sms).Replace(",sms,", ",fax,", StringComparison.Ordinal)}");

        Assert.Equal(sms, lines[0].Record);
        Assert.Equal("unknown-type", lines[1].Rejection!.Code);
    }
}
