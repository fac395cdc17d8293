namespace Cdr.Orleans.Domain.Rules;

/// <summary>
/// Enum names without boxing: <c>Tier.ToString()</c> boxes the value on every call, and a rule set that tests the tier
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
