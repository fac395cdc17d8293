using System.Globalization;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Domain.Cdrs;

namespace Cdr.Orleans.Domain.Files;

/// <summary>Detects and opens the layouts of <see cref="CdrFileFormat"/>. Numbers are normalised to E.164 with libphonenumber.</summary>
public static class CdrFileFormats
{
    public const string CallsHeader = "SourcePN,DestPN,Location,StartT,EndT,Type,Company";

    public static string Names => "engine, pipe, calls";

    public static bool TryParseName(string name, out CdrFileFormat format) =>
        Enum.TryParse(name.Trim(), ignoreCase: true, out format) && Enum.IsDefined(format);

    /// <summary>The layout of a file from its first line.</summary>
    public static CdrFileFormat Detect(string firstLine)
    {
        if (firstLine.Split('|').Length == 9)
        {
            return CdrFileFormat.Pipe;
        }
        return firstLine.TrimStart('\uFEFF').StartsWith("SourcePN,", StringComparison.OrdinalIgnoreCase) ? CdrFileFormat.Calls : CdrFileFormat.Engine;
    }

    /// <summary>
    /// A reader for <paramref name="format"/>. <paramref name="firstLine"/> is the file's first line: the header of the
    /// formats that have one (checked here; a wrong one throws <see cref="FormatException"/> saying what is expected).
    /// Returns whether the first line is data (the pipe format has no header).
    /// </summary>
    public static (ICdrLineReader Reader, bool FirstLineIsData) Open(CdrFileFormat format, string? firstLine, string source, string defaultCountry) => format switch
    {
        CdrFileFormat.Engine => (new EngineReader(CdrCsv.ReadHeader(firstLine, source)), false),
        CdrFileFormat.Pipe => (new PipeReader(defaultCountry), true),
        _ => (new CallsReader(CheckCallsHeader(firstLine, source), defaultCountry), false),
    };

    /// <summary>The source name for CDR ids, once the header is the calls header.</summary>
    private static string CheckCallsHeader(string? header, string source) =>
        CsvHeader.Is(header, CallsHeader)
            ? source
            : throw new FormatException($"{source}: the first line is '{header}'; a calls file starts with the header {CallsHeader}");

    private sealed class EngineReader(CsvLayout layout) : ICdrLineReader
    {
        public CallDetailRecord? Parse(string line, long lineNumber, out CdrRejection? error) => CdrCsv.Parse(layout, line, lineNumber, out error);
    }

    private sealed class PipeReader(string defaultCountry) : ICdrLineReader
    {
        public CallDetailRecord? Parse(string line, long lineNumber, out CdrRejection? error)
        {
            var f = line.Split('|');
            if (f.Length != 9)
            {
                error = new CdrRejection("bad-line", $"line {lineNumber}: expected 9 fields personId|callingNumber|callId|calledNumber|start|durationSec|type|charge|result, found {f.Length}");
                return null;
            }
            if (Numbers(f[1], f[3], lineNumber, defaultCountry, out error) is not var (caller, callee, country))
            {
                return null;
            }
            // asctime pads a one-digit day with a space: "Mon Nov  3 10:00:00 2026".
            var startText = string.Join(' ', f[4].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            if (!DateTime.TryParseExact(startText, "ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start))
            {
                error = new CdrRejection("bad-time", $"line {lineNumber}: start '{f[4]}' is not a C asctime time such as Mon Nov 23 10:00:00 2026");
                return null;
            }
            if (!int.TryParse(f[5].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var duration))
            {
                error = new CdrRejection("bad-duration", $"line {lineNumber}: durationSec '{f[5]}' is not a whole number of seconds");
                return null;
            }
            CdrType? type = f[6].Trim().ToUpperInvariant() switch { "VOICE" => CdrType.Voice, "SMS" => CdrType.Sms, _ => null };
            if (type is null)
            {
                error = new CdrRejection("unknown-type", $"line {lineNumber}: type '{f[6]}' is not VOICE or SMS");
                return null;
            }
            var charge = 0m;
            if (f[7].Trim().Length > 0 && !decimal.TryParse(f[7].Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out charge))
            {
                error = new CdrRejection("bad-charge", $"line {lineNumber}: charge '{f[7]}' is not a number such as 0.25");
                return null;
            }
            CallResult? result = f[8].Trim().Replace(" ", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant() switch
            {
                // AWNSERED: the replaced system's own generator writes it so (80% of its lines).
                "ANSWERED" or "AWNSERED" or "" => CallResult.Answered,
                "BUSY" => CallResult.Busy,
                "NOANSWER" or "UNANSWERED" => CallResult.NoAnswer,
                "DROPPED" or "FAILED" => CallResult.Dropped,
                _ => null,
            };
            if (result is null)
            {
                error = new CdrRejection("unknown-result", $"line {lineNumber}: result '{Cdrs.CdrValidator.Printable(f[8])}' is not one of ANSWERED (or AWNSERED), BUSY, NO ANSWER, DROPPED (any case)");
                return null;
            }
            var id = f[2].Trim();
            return new CallDetailRecord(id.Length > 0 ? id : $"line-{lineNumber}", caller, callee, start,
                type == CdrType.Sms ? 0 : duration, type.Value, 0, result.Value, charge, "", false, country);
        }
    }

    private sealed class CallsReader(string source, string defaultCountry) : ICdrLineReader
    {
        private static readonly string[] TimeFormats = ["MMM d yyyy HH:mm:ss", "MMM dd yyyy HH:mm:ss"];

        public CallDetailRecord? Parse(string line, long lineNumber, out CdrRejection? error)
        {
            var f = line.Split(',');
            if (f.Length != 7)
            {
                error = new CdrRejection("bad-line", $"line {lineNumber}: expected 7 fields as in the header {CallsHeader}, found {f.Length}");
                return null;
            }
            if (Numbers(f[0], f[1], lineNumber, defaultCountry, out error) is not var (caller, callee, country))
            {
                return null;
            }
            if (!TryTime(f[3], out var start) || !TryTime(f[4], out var end))
            {
                error = new CdrRejection("bad-time", $"line {lineNumber}: StartT '{f[3]}' / EndT '{f[4]}' are not times such as Nov 23 2026 10:00:00");
                return null;
            }
            if (end < start)
            {
                error = new CdrRejection("bad-duration", $"line {lineNumber}: EndT {f[4]} is before StartT {f[3]}");
                return null;
            }
            CdrType? type = f[5].Trim().ToUpperInvariant() switch { "VOICE" or "CALL" => CdrType.Voice, "SMS" => CdrType.Sms, "DATA" => CdrType.Data, _ => null };
            if (type is null)
            {
                error = new CdrRejection("unknown-type", $"line {lineNumber}: Type '{f[5]}' is not one of Voice, SMS, Data");
                return null;
            }
            var duration = type == CdrType.Sms ? 0 : (int)(end - start).TotalSeconds;
            var company = f[6].Trim();
            return new CallDetailRecord($"{source}:{lineNumber}", caller, callee, start, duration, type.Value, 0, CallResult.Answered, 0m,
                f[2].Trim(), false, type == CdrType.Data ? "" : country, company.Length > 0 ? company : null);
        }

        private static bool TryTime(string text, out DateTime value) =>
            DateTime.TryParseExact(string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries)), TimeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>
    /// The caller in E.164, or null with the reason; the callee in E.164 when it is a possible number, otherwise kept
    /// as the digits written (the CDR is the caller's activity: the engine keeps it and notes the callee), its
    /// country from its calling code where one is known.
    /// </summary>
    private static (string Caller, string Callee, string CalleeCountry)? Numbers(string callerText, string calleeText, long lineNumber, string defaultCountry, out CdrRejection? error)
    {
        if (PhoneNumber.ToE164(callerText, defaultCountry, out var why) is not { } caller)
        {
            error = new CdrRejection("bad-msisdn", $"line {lineNumber}: calling number {why}");
            return null;
        }
        error = null;
        if (PhoneNumber.ToE164(calleeText, defaultCountry, out _) is { } callee)
        {
            return (caller, callee, CalleeCountry.Of(callee));
        }
        // As written, digits only: not an E.164 number, so the engine notes it and keys it by its digits.
        var digits = new string([.. calleeText.Where(char.IsAsciiDigit)]);
        return (caller, digits, PhoneNumber.CountryOfCallingCode(calleeText) ?? "ZZ");
    }
}
