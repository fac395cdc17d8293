namespace Cdr.Orleans.Domain.Cdrs;

/// <summary>Mobile numbers in E.164 form: '+', a country code, the national number; 8 to 15 digits in all.</summary>
public static partial class Msisdn
{
    public static bool IsValid(string? value)
    {
        if (value is null || value.Length is < 9 or > 16 || value[0] != '+' || value[1] == '0')
        {
            return false;
        }
        for (var i = 1; i < value.Length; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The number as an integer (its digits), a compact key for per-callee counters.</summary>
    public static long ToKey(string msisdn) => long.Parse(msisdn.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);

    public static string FromKey(long key) => "+" + key.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// "+447700900123" as "+4477******23": the country code, then at most four of the subscriber's digits (two first,
    /// two last), and never fewer than half of them hidden. Enough to tell numbers apart in a list or a log, not enough
    /// to dial or to find the subscriber. Anything that is not a number in E.164 shape is fully hidden.
    /// </summary>
    public static string Mask(string msisdn)
    {
        var digits = msisdn.Length > 1 && msisdn[0] == '+' ? msisdn.AsSpan(1) : [];
        if (digits.Length is < 4 or > 15 || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return "****";
        }
        // The calling code as libphonenumber's plan knows it (NumberPlan); an unassigned one is shown as its first digit.
        var code = NumberPlan.CallingCodeOf(digits) switch { 0 => 1, < 10 => 1, < 100 => 2, _ => 3 };
        var national = digits.Length - code;
        var hidden = Math.Max((national + 1) / 2, national - 4);
        var head = (national - hidden) / 2;
        var tail = national - hidden - head;
        return string.Concat("+", digits[..(code + head)], new string('*', hidden), digits[(digits.Length - tail)..]);
    }

    /// <summary>Every number in E.164 shape in <paramref name="text"/> (an exception's message, a reason) masked as <see cref="Mask"/> does.</summary>
    public static string MaskAll(string text) =>
        text.Contains('+', StringComparison.Ordinal) ? Numbers().Replace(text, m => Mask(m.Value)) : text;

    [System.Text.RegularExpressions.GeneratedRegex(@"\+\d{4,15}(?!\d)")]
    private static partial System.Text.RegularExpressions.Regex Numbers();

}
