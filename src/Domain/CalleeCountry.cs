using PhoneNumbers;

namespace Cdr.Orleans.Domain;

/// <summary>The country a number belongs to, from its E.164 calling code (libphonenumber's metadata).</summary>
public static class CalleeCountry
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>ISO 3166 alpha-2 code, or "ZZ" when the number belongs to no known country.</summary>
    public static string Of(string e164)
    {
        try
        {
            var region = Phones.GetRegionCodeForNumber(Phones.Parse(e164, null));
            return string.IsNullOrEmpty(region) ? "ZZ" : region;
        }
        catch (NumberParseException)
        {
            return "ZZ";
        }
    }
}
