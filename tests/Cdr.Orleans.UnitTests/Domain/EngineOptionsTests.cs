using Cdr.Orleans.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Cdr.Orleans.Tests.Domain;

public sealed class EngineOptionsTests
{
    [Fact]
    public void Given_the_defaults_When_validated_Then_they_pass_and_describe_the_generators_network()
    {
        var options = new EngineOptions();

        Assert.Null(options.Validate());
        Assert.Equal("GB", options.HomeNetwork().Country);
        Assert.Equal(["+4477"], options.HomeNetwork().OnNetPrefixes);
    }

    [Theory]
    [InlineData("HomeCountry", "gb", "HomeCountry is 'gb'; accepted: a two-letter upper-case ISO 3166 code")]
    [InlineData("OnNetPrefixes", "+4477, 4478", "OnNetPrefixes has '4478'; accepted: comma-separated E.164 prefixes")]
    [InlineData("OnNetPrefixes", "+44x", "OnNetPrefixes has '+44x'")]
    [InlineData("FutureTolerance", "-00:01:00", "FutureTolerance is -00:01:00; accepted: 00:00:00 to 1.00:00:00")]
    [InlineData("StatsInterval", "00:00:00.010", "StatsInterval is 00:00:00.0100000; accepted")]
    [InlineData("CheckpointInterval", "00:00:00", "CheckpointInterval is 00:00:00; accepted: 00:00:00.1 to 00:10:00")]
    [InlineData("CheckpointInterval", "01:00:00", "CheckpointInterval is 01:00:00; accepted")]
    public void Given_a_bad_value_When_validated_Then_the_error_names_it_and_what_is_accepted(string option, string value, string expected)
    {
        var options = new EngineOptions();
        var property = typeof(EngineOptions).GetProperty(option)!;
        property.SetValue(options, property.PropertyType == typeof(TimeSpan) ? TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : value);

        Assert.Contains(expected, options.Validate());
    }

    [Fact]
    public void Given_embedded_mode_When_checkpoints_are_asked_for_Then_the_silo_refuses_saying_they_need_redis()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Cdr:Engine:StateWrites"] = "Checkpoint" }).Build();
        var builder = Host.CreateApplicationBuilder();

        var error = Assert.Throws<ArgumentException>(() => { builder.UseOrleans(silo => silo.AddCdrEngine(configuration)); });

        Assert.Contains("needs durable mode's Redis stream (--redis); accepted in embedded mode: OnDeactivation, EveryBatch", error.Message);
    }

    [Fact]
    public void Given_empty_on_net_prefixes_When_validated_Then_any_home_country_number_may_be_a_subscriber()
    {
        var options = new EngineOptions { OnNetPrefixes = "" };

        Assert.Null(options.Validate());
        Assert.True(options.HomeNetwork().MayBeSubscriber("+442071234567", "GB"));
        Assert.False(options.HomeNetwork().MayBeSubscriber("+4915112345678", "DE"));
    }
}
