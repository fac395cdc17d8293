namespace Cdr.Orleans.Domain.Rules;

/// <summary>
/// Enum names parsed strictly, and written without boxing: <c>Tier.ToString()</c> boxes the value on every call, and a rule set that tests the tier
/// in many campaigns made that a measurable share of the allocation per CDR.
/// </summary>
internal static class Names<TEnum> where TEnum : struct, Enum
{
    // Indexed by value: only for byte enums numbered 0, 1, 2... (the profile's enums); anything else uses ToString.
    private static readonly string[]? All =
        Enum.GetUnderlyingType(typeof(TEnum)) == typeof(byte)
        && Enum.GetValues<TEnum>().Select((v, i) => System.Runtime.CompilerServices.Unsafe.As<TEnum, byte>(ref v) == i).All(sequential => sequential)
            ? [.. Enum.GetValues<TEnum>().Select(v => v.ToString())]
            : null;

    /// <summary>
    /// A name of the enum (any case), never a number: <c>Enum.TryParse</c> also takes "99" or "-1", which then index
    /// past the counters the names stand for.
    /// </summary>
    public static bool TryParse(string? name, out TEnum value)
    {
        value = default;
        return !string.IsNullOrWhiteSpace(name) && !name.Contains(',') && !char.IsAsciiDigit(name.TrimStart()[0]) && name.TrimStart()[0] is not ('-' or '+')
            && Enum.TryParse(name, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    public static string Of(TEnum value)
    {
        if (All is { } names)
        {
            var index = System.Runtime.CompilerServices.Unsafe.As<TEnum, byte>(ref value);
            if (index < names.Length)
            {
                return names[index];
            }
        }
        return value.ToString();
    }
}
