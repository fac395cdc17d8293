using System.Globalization;
using System.Text.Json;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain.Cdrs;

namespace Cdr.Orleans.Domain.Files;

/// <summary>
/// CDRs carried as messages (a Kafka topic's): each message holds one record or several, one a line, each either
/// <list type="bullet">
/// <item>a line of the engine's CSV without its header, in the column order of <see cref="CdrCsv.Header"/>: all
/// <see cref="CdrCsv.Columns"/> or the first 13 (<see cref="CdrCsv.CdrColumns"/>, a CDR's own); a line that is the header
/// itself is skipped;</item>
/// <item>or a JSON object whose members are those columns by name (strings, numbers or booleans; absent = empty), e.g.
/// <c>{"caller":"+353861234567","callee":"+353871234567","type":"voice","start_utc":"2026-12-01T10:00:00Z","duration_s":60}</c>.</item>
/// </list>
/// A record's default id is "<c>{source}:{line}</c>" (the source names the message, e.g. "cdr/3@1042": topic, partition,
/// offset), the same every time the message is read, so the engine's duplicate window knows it again.
/// </summary>
public static class CdrMessages
{
    /// <summary>The most bytes one message may hold (1 MiB, Kafka's default message size).</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>The header of a CDR's own columns, a header line too.</summary>
    private static readonly string CdrHeader = string.Join(',', CdrCsv.CdrColumns);

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>What <see cref="Parse"/> makes of one line: a record, or why there is none.</summary>
    public readonly record struct Line(CallDetailRecord? Record, CdrRejection? Rejection);

    /// <summary>
    /// The records of one message (empty lines and header lines skipped), each a CDR or the reason it is none ("line 2:
    /// ..." or "the message ..."); none for a message of a header alone. <paramref name="source"/> names the message in
    /// the records' default ids.
    /// </summary>
    public static List<Line> Parse(ReadOnlySpan<byte> message, string source)
    {
        if (message.Length > MaxBytes)
        {
            return [new Line(null, new CdrRejection("bad-message", $"the message holds {message.Length} bytes; accepted: at most {MaxBytes}"))];
        }
        string text;
        try
        {
            text = StrictUtf8.GetString(message);
        }
        catch (ArgumentException)
        {
            return [new Line(null, new CdrRejection("bad-message", $"the message is not UTF-8 text; accepted: a line of the engine's CSV ({CdrCsv.Header}) or a JSON object with those members"))];
        }
        var layout = new CsvLayout(source, CdrCsv.Columns); // the message's name goes into the default ids
        var lines = new List<Line>(1);
        var number = 0L;
        var headers = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r').Trim('\uFEFF', ' ', '\t');
            if (CsvHeader.Is(line, CdrCsv.Header) || CsvHeader.Is(line, CdrHeader))
            {
                headers++; // a file's header sent as a message of its own (kcat -P < file.csv): nothing, and nothing wrong
                continue;
            }
            if (line.Length == 0)
            {
                continue;
            }
            CallDetailRecord? record;
            CdrRejection? error;
            if (line[0] == '{')
            {
                record = Json(layout, line, number, out error);
            }
            else
            {
                var fields = line.Split(',');
                if (fields.Length == CdrCsv.CdrColumns.Length)
                {
                    fields = [.. fields, .. Enumerable.Repeat("", CdrCsv.EventColumns.Length)];
                }
                record = fields.Length == CdrCsv.Columns.Length
                    ? CdrCsv.Parse(layout, fields, number, out error)
                    : Refuse(out error, "bad-csv", $"line {number}: {fields.Length} fields; a CSV message line has {CdrCsv.CdrColumns.Length} ({string.Join(',', CdrCsv.CdrColumns)}) or {CdrCsv.Columns.Length} ({CdrCsv.Header}), in that order");
            }
            lines.Add(new Line(record, error));
        }
        if (lines.Count == 0 && headers == 0)
        {
            lines.Add(new Line(null, new CdrRejection("bad-message", $"the message holds no record; accepted: a line of the engine's CSV ({CdrCsv.Header}) or a JSON object with those members")));
        }
        return lines;
    }

    private static CallDetailRecord? Json(CsvLayout layout, string line, long number, out CdrRejection? error)
    {
        var fields = new string[CdrCsv.Columns.Length];
        Array.Fill(fields, "");
        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 4 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Refuse(out error, "bad-json", $"line {number}: a JSON record is an object with members {string.Join(", ", CdrCsv.Columns)}");
            }
            foreach (var member in document.RootElement.EnumerateObject())
            {
                var index = Array.IndexOf(CdrCsv.Columns, member.Name.ToLowerInvariant());
                if (index < 0)
                {
                    continue; // unknown members are ignored, as unknown CSV columns are
                }
                fields[index] = member.Value.ValueKind switch
                {
                    JsonValueKind.String => member.Value.GetString()!,
                    JsonValueKind.Number => member.Value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null => "",
                    _ => null!,
                };
                if (fields[index] is null)
                {
                    return Refuse(out error, "bad-json", $"line {number}: member '{CdrValidator.Printable(member.Name)}' is an {member.Value.ValueKind}; accepted: a string, number or boolean");
                }
            }
        }
        catch (JsonException ex)
        {
            return Refuse(out error, "bad-json", $"line {number}: not a JSON object ({ex.Message.Split('.')[0]})");
        }
        return CdrCsv.Parse(layout, fields, number, out error);
    }

    private static CallDetailRecord? Refuse(out CdrRejection? error, string code, string message)
    {
        error = new CdrRejection(code, message);
        return null;
    }

    /// <summary>The source name of a message: "<c>{topic}/{partition}@{offset}</c>".</summary>
    public static string Source(string topic, int partition, long offset) =>
        string.Create(CultureInfo.InvariantCulture, $"{topic}/{partition}@{offset}");
}
