using Cdr.Orleans.Grains.Propensity;

namespace Cdr.Orleans.Tests.Propensity;

public sealed class PropensityOptionsTests
{
    [Theory]
    [InlineData("MinAuc", "2", "Cdr:Propensity:MinAuc is 2; accepted: 0.5 to 0.99")]
    [InlineData("RetrainAfter", "1", "Cdr:Propensity:RetrainAfter is 1; accepted: 10 to 1000000")]
    [InlineData("ResponseWindow", "00:00:00", "Cdr:Propensity:ResponseWindow is 00:00:00; accepted: 00:00:01 to 90.00:00:00")]
    [InlineData("ExampleCapacity", "5", "Cdr:Propensity:ExampleCapacity is 5; accepted: 100 to 1000000")]
    public void Given_a_setting_out_of_range_When_validated_Then_the_message_says_what_is_accepted(string setting, string value, string message)
    {
        var options = new PropensityOptions();
        var property = typeof(PropensityOptions).GetProperty(setting)!;
        property.SetValue(options, property.PropertyType == typeof(TimeSpan) ? TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : Convert.ChangeType(value, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(message, options.Validate());
        Assert.Null(new PropensityOptions().Validate());
    }
}
