using PhoneNumbers;

namespace Cdr.Orleans.Domain.Cdrs;

/// <summary>
/// Whether a number in E.164 shape has a length its country's numbering plan allows, as libphonenumber's metadata
/// says (what <c>IsPossibleNumber</c> checks), read once into a table so that the check costs an array look-up per
/// CDR. Operators' feeds carry ranges the metadata does not know yet: such a number is kept, with a note, never refused.
/// </summary>
public static class NumberPlan
{
    /// <summary>Per calling code (1 to 999), a bit per national number length the plan allows; 0 for a code not assigned.</summary>
    private static readonly ulong[] Lengths = Build();

    public static bool IsAssigned(int callingCode) => callingCode is > 0 and < 1000 && Lengths[callingCode] != 0;

    /// <summary>True when <paramref name="e164"/> ("+" and digits) starts with an assigned calling code and has a national length its plan allows.</summary>
    public static bool IsPossible(string e164)
    {
        var digits = e164.AsSpan(1);
        var code = 0;
        for (var length = 1; length <= 3 && length < digits.Length; length++)
        {
            code = (code * 10) + (digits[length - 1] - '0');
            if (Lengths[code] != 0)
            {
                var national = digits.Length - length;
                return national < 64 && (Lengths[code] & (1UL << national)) != 0;
            }
        }
        return false;
    }

    /// <summary>The calling code the digits of an international number (without its +) start with, when one is assigned; 0 otherwise.</summary>
    public static int CallingCodeOf(ReadOnlySpan<char> digits)
    {
        var code = 0;
        for (var length = 1; length <= 3 && length <= digits.Length; length++)
        {
            code = (code * 10) + (digits[length - 1] - '0');
            if (Lengths[code] != 0)
            {
                return code;
            }
        }
        return 0;
    }

    private static ulong[] Build()
    {
        var phones = PhoneNumberUtil.GetInstance();
        var table = new ulong[1000];
        foreach (var code in phones.GetSupportedCallingCodes())
        {
            if (code is <= 0 or >= 1000)
            {
                continue;
            }
            var regions = phones.GetRegionCodesForCountryCode(code);
            var metadata = regions.Count == 0 || regions[0] == "001"
                ? [phones.GetMetadataForNonGeographicalRegion(code)]
                : regions.Select(phones.GetMetadataForRegion);
            foreach (var region in metadata.OfType<PhoneMetadata>())
            {
                foreach (var length in region.GeneralDesc.PossibleLengthList)
                {
                    if (length is > 0 and < 64)
                    {
                        table[code] |= 1UL << length;
                    }
                }
            }
            // An assigned code whose metadata gives no lengths still counts as assigned (any length 1 to 14).
            if (table[code] == 0)
            {
                table[code] = ((1UL << 15) - 1) & ~1UL;
            }
        }
        return table;
    }
}
