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
/// </summary>
public static class CdrCsv
{
    public static readonly string[] Columns =
        ["id", "caller", "callee", "type", "start_utc", "duration_s", "data_bytes", "result", "charge", "region", "roaming", "callee_country", "operator"];

    public static readonly string[] RequiredColumns = ["caller", "callee", "type", "duration_s", "start_utc"];

    public static string Header => string.Join(',', Columns);

    public static string Format(CallDetailRecord cdr) => string.Join(',',
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
        cdr.Operator);

    /// <summary>Reads a header row into a column map; throws <see cref="FormatException"/> naming what is missing.</summary>
    public static CsvLayout ReadHeader(string? header, string source)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new FormatException($"{source}: the file is empty; a CDR file starts with a header row such as: {Header}");
        }
        var names = header.Split(',').Select(n => n.Trim().Trim('"').ToLowerInvariant()).ToArray();
        var missing = RequiredColumns.Where(c => !names.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException(
                $"{source}: the header lacks column(s) {string.Join(", ", missing)}; required: {string.Join(", ", RequiredColumns)}; " +
                $"the full format is: {Header}");
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
        string Field(string name)
        {
            var index = layout.IndexOf(name);
            return index < 0 ? "" : fields[index].Trim().Trim('"');
        }

        var typeText = Field("type");
        if (!CdrNames.TryParseType(typeText, out var type))
        {
            error = new CdrRejection("unknown-type", $"line {lineNumber}: type '{typeText}' is not one of voice, sms, data");
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

    private static bool TryLong(string text, out long value)
    {
        value = 0;
        return text.Length == 0 || long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
