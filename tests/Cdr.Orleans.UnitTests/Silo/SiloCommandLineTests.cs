using Cdr.Orleans.Silo.Hosting;

namespace Cdr.Orleans.Tests.Silo;

public sealed class SiloCommandLineTests
{
    [Fact]
    public void Given_the_readmes_second_silo_command_When_normalised_Then_each_switch_keeps_its_value()
    {
        var args = SiloCommandLine.Normalise(["--silo-port", "11112", "--gateway-port", "30001", "--primary-port", "11111", "--dashboard-port", "8081"]);

        Assert.Equal(["--silo-port=11112", "--gateway-port=30001", "--primary-port=11111", "--dashboard-port=8081"], args);
    }

    [Fact]
    public void Given_a_bare_demo_and_key_value_settings_When_normalised_Then_demo_is_on_and_settings_pass_through()
    {
        var args = SiloCommandLine.Normalise(["--demo", "--demo-rate", "1000", "--Cdr:Engine:HomeCountry=IE"]);

        Assert.Equal(["--demo=true", "--demo-rate=1000", "--Cdr:Engine:HomeCountry=IE"], args);
    }

    [Theory]
    [InlineData(new[] { "--silo-prot", "11112" }, "unknown option '--silo-prot'")]
    [InlineData(new[] { "11112" }, "unexpected argument '11112'")]
    [InlineData(new[] { "--gateway-port" }, "option '--gateway-port' needs a value")]
    [InlineData(new[] { "--gateway-port", "--demo" }, "option '--gateway-port' needs a value")]
    public void Given_a_bad_command_line_When_normalised_Then_the_error_names_the_problem(string[] args, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => SiloCommandLine.Normalise(args));

        Assert.Contains(expected, error.Message);
    }
}
