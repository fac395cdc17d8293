namespace Cdr.Orleans.Domain.Cdrs;

/// <summary>Mobile numbers in E.164 form: '+', a country code, the national number; 8 to 15 digits in all.</summary>
public static class Msisdn
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

    /// <summary>"+447700900123" as "+44770****123": enough to tell numbers apart in logs, not enough to dial.</summary>
    public static string Mask(string msisdn) =>
        msisdn.Length < 9 ? "****" : string.Concat(msisdn.AsSpan(0, 6), "****", msisdn.AsSpan(msisdn.Length - 3));
}
