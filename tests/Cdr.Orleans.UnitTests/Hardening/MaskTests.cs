using Cdr.Orleans.Domain.Cdrs;
using CsCheck;

namespace Cdr.Orleans.Tests.Hardening;

/// <summary>A masked number hides at least half of the subscriber's digits, whatever its country and length.</summary>
public sealed class MaskTests
{
    private static readonly string[] CallingCodes = ["1", "7", "20", "27", "44", "49", "86", "91", "236", "353", "880", "971"];

    [Fact]
    public void Given_any_number_in_e164_shape_When_masked_Then_its_country_code_stays_and_at_least_half_of_its_subscriber_digits_are_hidden()
    {
        Gen.Select(Gen.Int[0, CallingCodes.Length - 1].Select(i => CallingCodes[i]), Gen.Int[4, 14], Gen.Long[0, long.MaxValue]).Where(t => t.Item1.Length + t.Item2 <= 15).Sample(t =>
        {
            var (code, length, seed) = t;
            var national = seed.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(length, '9')[..length];
            var masked = Msisdn.Mask($"+{code}{national}");

            Assert.StartsWith($"+{code}", masked, StringComparison.Ordinal);
            Assert.Equal(1 + code.Length + length, masked.Length);
            Assert.True(masked.Count(c => c == '*') >= (length + 1) / 2, $"{masked} hides fewer than half of {length} digits");
            Assert.True(masked.Count(char.IsAsciiDigit) - code.Length <= 4, $"{masked} shows more than 4 subscriber digits");
        }, iter: 2_000);
    }

    [Theory]
    [InlineData("+447700900123", "+4477******23")]
    [InlineData("+12025550143", "+120******43")]
    [InlineData("+2366712776788", "+23667******88")]
    [InlineData("+353861234567", "+35386*****67")]
    [InlineData("abc", "****")]
    [InlineData("+4477009000019999999", "****")]
    public void Given_numbers_of_several_countries_When_masked_Then_the_mask_is_as_shown(string number, string masked) =>
        Assert.Equal(masked, Msisdn.Mask(number));

    [Fact]
    public void Given_a_message_with_numbers_in_it_When_masked_Then_every_number_is_masked_and_the_rest_stays() =>
        Assert.Equal("caller +4477******23 called +120******43 for 1000000 s", Msisdn.MaskAll("caller +447700900123 called +12025550143 for 1000000 s"));
}
