using System.Globalization;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain.Cdrs;
using Cdr.Orleans.Domain.Text;

namespace Cdr.Orleans.Domain.Files;

/// <summary>
/// The engine's CDR file format: UTF-8 CSV with a header row; columns in any order, unknown columns ignored.
/// Required: caller, callee, type (voice|sms|data), duration_s, start_utc (ISO 8601, UTC). Optional: id (default
/// "{file}:{line}"), data_bytes (0), result (answered|busy|no_answer|dropped; default answered), charge (0),
/// region (""), roaming (true|false; false), callee_country (ISO 3166 alpha-2; default: from the callee's number),
/// operator (the caller's operator, for the traffic views when the caller has no profile; "").
/// The same file carries the operator's events, one a row, in time order with the CDRs: type top_up|balance|bundle|
/// registration|device_change, caller the subscriber, start_utc the event's time, and the kind's columns (amount, balance,
/// channel, allowance_bytes, used_bytes, renewal_utc, country, device); callee and duration_s stay empty. A file of
/// events alone needs only caller, type, start_utc and the event columns it uses.
/// </summary>
public static class CdrCsv
{
    public static readonly string[] CdrColumns =
        ["id", "caller", "callee", "type", "start_utc", "duration_s", "data_bytes", "result", "charge", "region", "roaming", "callee_country", "operator"];

    /// <summary>The operator events' columns, after the CDR columns in what the engine writes.</summary>
    public static readonly string[] EventColumns = ["amount", "balance", "channel", "allowance_bytes", "used_bytes", "renewal_utc", "country", "device"];

    public static readonly string[] Columns = [.. CdrColumns, .. EventColumns];

    public static readonly string[] RequiredColumns = ["caller", "callee", "type", "duration_s", "start_utc"];

    /// <summary>What a file of operator events alone must have.</summary>
    public static readonly string[] RequiredEventColumns = ["caller", "type", "start_utc"];

    public static string Header => string.Join(',', Columns);

    public static string Format(CallDetailRecord cdr) => CdrNames.IsEvent(cdr.Type) ? FormatEvent(cdr) : string.Join(',',
        cdr.Id,
        cdr.Caller,
        cdr.Callee,
        CdrNames.TypeName(cdr.Type),
        cdr.StartUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        cdr.DurationSeconds.ToString(CultureInfo.InvariantCulture),
        cdr.DataBytes.ToString(CultureInfo.InvariantCulture),
        CdrNames.ResultName(cdr.Result),
        cdr.Charge.ToString("0.00##", CultureInfo.InvariantCulture),
        cdr.Region,
        cdr.Roaming ? "true" : "false",
        cdr.CalleeCountry,
        cdr.Operator,
        "", "", "", "", "", "", "", "");

    private static string FormatEvent(CallDetailRecord record)
    {
        var e = record.Event ?? new OperatorEvent();
        return string.Join(',',
            record.Id,
            record.Caller,
            "",
            CdrNames.TypeName(record.Type),
            record.StartUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            "", "", "", "", "", "", "",
            record.Operator,
            record.Type == CdrType.TopUp ? Money(e.Amount) : "",
            e.Balance is { } balance ? Money(balance) : "",
            e.Channel,
            record.Type == CdrType.Bundle ? e.Allowance.ToString(CultureInfo.InvariantCulture) : "",
            record.Type == CdrType.Bundle ? e.Used.ToString(CultureInfo.InvariantCulture) : "",
            e.RenewalUtc?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            e.Country,
            e.Device);
    }

    private static string Money(decimal amount) => amount.ToString("0.00##", CultureInfo.InvariantCulture);

    /// <summary>Reads a header row into a column map; throws <see cref="FormatException"/> naming what is missing.</summary>
    public static CsvLayout ReadHeader(string? header, string source)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new FormatException($"{source}: the file is empty; a CDR file starts with a header row such as: {Header}");
        }
        var names = header.Split(',').Select(n => n.Trim().Trim('"').ToLowerInvariant()).ToArray();
        // A file of events alone (an account feed) has no callee or duration: it needs the event columns instead.
        var eventsOnly = EventColumns.Any(names.Contains) && !names.Contains("callee") && !names.Contains("duration_s");
        var required = eventsOnly ? RequiredEventColumns : RequiredColumns;
        var missing = required.Where(c => !names.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException(
                $"{source}: the header lacks column(s) {string.Join(", ", missing)}; required: {string.Join(", ", RequiredColumns)} " +
                $"(a file of operator events alone: {string.Join(", ", RequiredEventColumns)} and the event columns); the full format is: {Header}");
        }
        return new CsvLayout(source, names);
    }

    /// <summary>Parses one data line. Returns the CDR, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static CallDetailRecord? Parse(CsvLayout layout, string line, long lineNumber, out CdrRejection? error)
    {
        var fields = line.Split(',');
        if (fields.Length != layout.Names.Length)
        {
            error = new CdrRejection("bad-csv", $"line {lineNumber}: expected {layout.Names.Length} fields as in the header, found {fields.Length}");
            return null;
        }
        return Parse(layout, fields, lineNumber, out error);
    }

    /// <summary>Parses one record's fields, one per column of <paramref name="layout"/> (from a CSV line or another encoding).</summary>
    public static CallDetailRecord? Parse(CsvLayout layout, string[] fields, long lineNumber, out CdrRejection? error)
    {
        string Field(string name)
        {
            var index = layout.IndexOf(name);
            return index < 0 ? "" : fields[index].Trim().Trim('"');
        }

        var typeText = Field("type");
        if (!CdrNames.TryParseType(typeText, out var type))
        {
            error = new CdrRejection("unknown-type", $"line {lineNumber}: type '{CdrValidator.Printable(typeText)}' is not one of {CdrNames.CdrTypes}, or an event: {CdrNames.EventKinds}");
            return null;
        }
        if (CdrNames.IsEvent(type))
        {
            return ParseEvent(layout, type, lineNumber, Field, out error);
        }
        if (layout.IndexOf("callee") < 0 || layout.IndexOf("duration_s") < 0)
        {
            error = new CdrRejection("bad-csv", $"line {lineNumber}: a {CdrNames.TypeName(type)} CDR needs the callee and duration_s columns, which this file of events has not");
            return null;
        }
        var resultText = Field("result");
        var result = CallResult.Answered;
        if (resultText.Length > 0 && !CdrNames.TryParseResult(resultText, out result))
        {
            error = new CdrRejection("unknown-result", $"line {lineNumber}: result '{resultText}' is not one of answered, busy, no_answer, dropped");
            return null;
        }
        var durationText = Field("duration_s");
        if (!int.TryParse(durationText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var duration))
        {
            error = new CdrRejection("bad-duration", $"line {lineNumber}: duration_s '{durationText}' is not a whole number of seconds");
            return null;
        }
        var startText = Field("start_utc");
        if (!TimeText.TryParseUtc(startText, out var start, out var why))
        {
            error = new CdrRejection("bad-time", $"line {lineNumber}: start_utc '{CdrValidator.Printable(startText)}' {why}");
            return null;
        }
        if (!TryLong(Field("data_bytes"), out var bytes))
        {
            error = new CdrRejection("bad-volume", $"line {lineNumber}: data_bytes '{Field("data_bytes")}' is not a whole number");
            return null;
        }
        var chargeText = Field("charge");
        var charge = 0m;
        if (chargeText.Length > 0 && !decimal.TryParse(chargeText, NumberStyles.Number, CultureInfo.InvariantCulture, out charge))
        {
            error = new CdrRejection("bad-charge", $"line {lineNumber}: charge '{chargeText}' is not a number such as 0.25");
            return null;
        }
        var roamingText = Field("roaming");
        var roaming = false;
        if (roamingText.Length > 0 && !bool.TryParse(roamingText, out roaming))
        {
            error = new CdrRejection("bad-roaming", $"line {lineNumber}: roaming '{roamingText}' is not true or false");
            return null;
        }
        var id = Field("id");
        var cdr = new CallDetailRecord(
            id.Length > 0 ? id : $"{layout.Source}:{lineNumber}",
            Field("caller"),
            Field("callee"),
            start,
            duration,
            type,
            bytes,
            result,
            charge,
            Field("region"),
            roaming,
            Field("callee_country").ToUpperInvariant(),
            Field("operator") is { Length: > 0 } carrier ? carrier : null);
        if (CdrValidator.ValidateShape(cdr) is { } reason)
        {
            error = reason.At($"line {lineNumber}: ");
            return null;
        }
        error = null;
        return cdr;
    }

    private static CallDetailRecord? ParseEvent(CsvLayout layout, CdrType type, long lineNumber, Func<string, string> field, out CdrRejection? error)
    {
        CdrRejection? problem = null;
        decimal? Money(string column)
        {
            var text = field(column);
            if (text.Length == 0 || problem is not null)
            {
                return null;
            }
            if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
            problem = new CdrRejection(column == "amount" ? "bad-amount" : "bad-balance", $"line {lineNumber}: {column} '{CdrValidator.Printable(text)}' is not a number such as 10.00");
            return null;
        }
        long Bytes(string column)
        {
            if (TryLong(field(column), out var bytes))
            {
                return bytes;
            }
            problem ??= new CdrRejection("bad-bundle", $"line {lineNumber}: {column} '{CdrValidator.Printable(field(column))}' is not a whole number of bytes");
            return 0;
        }
        DateTime? Time(string column, string code)
        {
            var text = field(column);
            if (text.Length == 0 && column != "start_utc")
            {
                return null;
            }
            if (TimeText.TryParseUtc(text, out var parsed, out var why))
            {
                return parsed;
            }
            problem ??= new CdrRejection(code, $"line {lineNumber}: {column} '{CdrValidator.Printable(text)}' {why}");
            return null;
        }

        var at = Time("start_utc", "bad-time");
        var e = new OperatorEvent(
            Money("amount") ?? 0,
            Money("balance"),
            NullIfEmpty(field("channel")),
            Bytes("allowance_bytes"),
            Bytes("used_bytes"),
            Time("renewal_utc", "bad-bundle"),
            NullIfEmpty(field("country").ToUpperInvariant()),
            NullIfEmpty(field("device")));
        if (problem is not null || at is not { } time)
        {
            error = problem;
            return null;
        }
        var id = field("id");
        var record = new CallDetailRecord(
            id.Length > 0 ? id : $"{layout.Source}:{lineNumber}", field("caller"), "", time, 0, type, 0, CallResult.Answered, 0, "", false, "",
            NullIfEmpty(field("operator")), e);
        error = CdrValidator.ValidateShape(record)?.At($"line {lineNumber}: ");
        return error is null ? record : null;
    }

    private static string? NullIfEmpty(string text) => text.Length > 0 ? text : null;

    private static bool TryLong(string text, out long value)
    {
        value = 0;
        return text.Length == 0 || long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
