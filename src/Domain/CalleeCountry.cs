using PhoneNumbers;

namespace Cdr.Orleans.Domain;

/// <summary>The country a number belongs to, from its E.164 calling code (libphonenumber's metadata).</summary>
public static class CalleeCountry
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// ISO 3166 alpha-2 code, or "ZZ" when the number belongs to no known country. A number outside every allocated
    /// range (test ranges such as +44 7700 900xxx) gets the main country of its calling code.
    /// </summary>
    public static string Of(string e164)
    {
        try
        {
            var number = Phones.Parse(e164, null);
            var region = Phones.GetRegionCodeForNumber(number);
            if (string.IsNullOrEmpty(region) || region == "ZZ")
            {
                region = Phones.GetRegionCodeForCountryCode(number.CountryCode);
            }
            // "001": a non-geographic calling code (+800, +882...), which has no country.
            return region is { Length: 2 } ? region : "ZZ";
        }
        catch (NumberParseException)
        {
            return "ZZ";
        }
    }
}
