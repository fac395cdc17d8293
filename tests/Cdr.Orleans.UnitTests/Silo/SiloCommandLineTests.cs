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

    [Fact]
    public async Task Given_help_When_the_silo_is_asked_Then_it_lists_every_switch_with_its_setting_and_starts_nothing()
    {
        var output = new StringWriter();
        var started = false;

        var code = await SiloCommandLine.Build(_ =>
        {
            started = true;
            return Task.FromResult(0);
        }).Parse(["--help"])
            .InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output });

        Assert.Equal(0, code);
        Assert.False(started);
        foreach (var (name, key) in SiloCommandLine.Switches)
        {
            Assert.Contains(name, output.ToString(), StringComparison.Ordinal);
            Assert.True(name == "--demo" || output.ToString().Contains(key, StringComparison.Ordinal), $"{key} is not in the help:\n{output}");
        }
    }

    [Fact]
    public async Task Given_switches_and_settings_When_the_silo_parses_them_Then_the_host_gets_them_normalised()
    {
        string[]? given = null;

        var code = await SiloCommandLine.Build(a => Task.FromResult((given = a).Length)).Parse(["--advertise", "10.0.0.7", "--demo", "--Cdr:Engine:HomeCountry=IE"]).InvokeAsync();

        Assert.Equal(["--advertise=10.0.0.7", "--demo=true", "--Cdr:Engine:HomeCountry=IE"], given!);
        Assert.Equal(3, code);
    }

    [Fact]
    public async Task Given_an_unknown_switch_When_the_silo_parses_it_Then_it_exits_2_and_starts_nothing()
    {
        var started = false;

        var code = await SiloCommandLine.Build(_ =>
        {
            started = true;
            return Task.FromResult(0);
        }).Parse(["--advertize", "10.0.0.7"]).InvokeAsync();

        Assert.Equal(2, code);
        Assert.False(started);
    }
}
