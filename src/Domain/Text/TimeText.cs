using System.Globalization;
using System.Text.RegularExpressions;

namespace Cdr.Orleans.Domain.Text;

/// <summary>
/// A time as a CDR file writes it, read as UTC when it names no offset. ISO 8601 (2026-11-23T10:00:00Z, with a space
/// for the T, seconds and fractions optional, an offset allowed) and dates with a month name (23 Nov 2026 10:00:00,
/// Nov 23 2026 10:00:00) are read; a date of numbers alone in any other order (11/20/2026, 01/02/2026 10:00,
/// 20.11.2026) is refused, whatever its values: nothing in it says which number is the month.
/// </summary>
public static partial class TimeText
{
    public const string Accepted = "accepted: ISO 8601 such as 2026-11-23T10:00:00Z, or a month name such as 23 Nov 2026 10:00:00";

    public static bool TryParseUtc(string text, out DateTime utc, out string? why)
    {
        utc = default;
        var trimmed = text.Trim();
        if (NumericDate().IsMatch(trimmed))
        {
            why = $"is a date of numbers alone, which reads as either day or month first; {Accepted}";
            return false;
        }
        if (!YearFirst().IsMatch(trimmed) && !trimmed.Any(char.IsAsciiLetter))
        {
            why = $"is not a time; {Accepted}";
            return false;
        }
        if (!DateTime.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out utc))
        {
            why = $"is not a time; {Accepted}";
            return false;
        }
        why = null;
        return true;
    }

    /// <summary>Day and month as numbers in either order, then the year: 11/20/2026, 1-2-26, 20.11.2026.</summary>
    [GeneratedRegex(@"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}(\D|$)")]
    private static partial Regex NumericDate();

    /// <summary>The year first (yyyy-MM-dd, yyyy/MM/dd): the one order of numbers alone that nobody reads two ways.</summary>
    [GeneratedRegex(@"^\d{4}[/\-]\d{1,2}[/\-]\d{1,2}(\D|$)")]
    private static partial Regex YearFirst();
}
