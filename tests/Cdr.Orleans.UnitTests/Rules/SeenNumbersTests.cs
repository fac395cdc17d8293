using Cdr.Orleans.Grains.Segments;
using CsCheck;

namespace Cdr.Orleans.Tests.Rules;

/// <summary>A segment query meets each number once: the compact set of numbers seen answers as a set of strings would.</summary>
public sealed class SeenNumbersTests
{
    [Fact]
    public void Given_any_numbers_and_strings_When_added_Then_each_is_new_exactly_when_a_set_of_strings_says_so() =>
        Gen.String[Gen.Char["+0123456789x"], 0, 20].Array[0, 60].Sample(numbers =>
        {
            var seen = new SeenNumbers();
            var strings = new HashSet<string>(StringComparer.Ordinal);
            foreach (var number in numbers.Concat(numbers))
            {
                Assert.Equal(strings.Add(number), seen.Add(number));
            }
            Assert.Equal(strings.Count, seen.Count);
        }, iter: 2_000);

    [Fact]
    public void Given_numbers_that_differ_only_by_leading_zeros_When_added_Then_both_are_kept()
    {
        var seen = new SeenNumbers();

        Assert.True(seen.Add("+0"));
        Assert.True(seen.Add("+00"));
        Assert.True(seen.Add("+447700900123"));
        Assert.False(seen.Add("+447700900123"));
    }
}
