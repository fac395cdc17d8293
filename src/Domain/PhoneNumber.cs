using PhoneNumbers;

namespace Cdr.Orleans.Domain;

/// <summary>Numbers as people and older systems write them ("07700 900123", "44-7700-900123", "+44 (0)7700 900123"), to E.164.</summary>
public static class PhoneNumber
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// The E.164 form ("+447700900123") of <paramref name="raw"/>, read as a number of <paramref name="defaultCountry"/>
    /// when it has no country code; null with <paramref name="error"/> when it is not a possible number.
    /// </summary>
    public static string? ToE164(string raw, string defaultCountry, out string? error)
    {
        error = null;
        var text = raw.Trim();
        if (text.Length == 0)
        {
            error = "the number is empty";
            return null;
        }
        try
        {
            var parsed = Phones.Parse(text, defaultCountry);
            if (!Phones.IsPossibleNumber(parsed))
            {
                // In E.164 shape, it is kept as written (the engine notes it as not in the plan): feeds carry ranges
                // the metadata does not know yet.
                if (InE164Shape(text) is { } shaped)
                {
                    return shaped;
                }
                error = $"'{raw}' is not a possible phone number (read as {defaultCountry} without a country code)";
                return null;
            }
            return Phones.Format(parsed, PhoneNumberFormat.E164);
        }
        catch (NumberParseException ex)
        {
            error = $"'{raw}' is not a phone number ({ex.Message.TrimEnd('.')})";
            return null;
        }
    }

    /// <summary>
    /// <paramref name="text"/> as "+digits" when it is in E.164 shape: '+', an assigned country calling code, 8 to 15
    /// digits in all, separated by nothing or by spaces, dashes, dots or brackets; null otherwise.
    /// </summary>
    public static string? InE164Shape(string text)
    {
        if (!text.StartsWith('+'))
        {
            return null;
        }
        Span<char> digits = stackalloc char[16];
        var count = 0;
        foreach (var c in text.AsSpan(1))
        {
            if (char.IsAsciiDigit(c))
            {
                if (count == 15)
                {
                    return null;
                }
                digits[count++] = c;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return null;
            }
        }
        return count >= 8 && digits[0] != '0' && Cdrs.NumberPlan.CallingCodeOf(digits[..count]) != 0 ? "+" + new string(digits[..count]) : null;
    }

    /// <summary>
    /// The country of the calling code a number written in international form ("+999...", "00...") starts with, when
    /// one is assigned; null otherwise. For numbers that are not possible but still say where they were dialled.
    /// </summary>
    public static string? CountryOfCallingCode(string raw)
    {
        var text = raw.Trim();
        var start = text.StartsWith('+') ? 1 : text.StartsWith("00", StringComparison.Ordinal) ? 2 : -1;
        if (start < 0)
        {
            return null;
        }
        var digits = new string([.. text.Skip(start).Where(char.IsAsciiDigit).Take(3)]);
        for (var length = 1; length <= digits.Length; length++)
        {
            var region = Phones.GetRegionCodeForCountryCode(int.Parse(digits[..length], System.Globalization.CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(region) && region != "ZZ")
            {
                return region == "001" ? null : region;
            }
        }
        return null;
    }

    /// <summary>Whether <paramref name="country"/> is a region libphonenumber knows (for a default country option).</summary>
    public static bool IsKnownCountry(string country) => Phones.GetSupportedRegions().Contains(country);
}
