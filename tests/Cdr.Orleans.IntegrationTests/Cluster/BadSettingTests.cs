namespace Cdr.Orleans.Tests.Cluster;

/// <summary>A setting that cannot work stops the silo at start: exit code 2 and one line that names it, never a retry for ever.</summary>
public sealed class BadSettingTests
{
    [Theory]
    [InlineData("--redis", ",,,=", "error: Cdr:Cluster:Redis ',,,=' has an empty item between its commas; accepted: host:port")]
    [InlineData("--Cdr:Engine:HomeCountry", "ZZ", "error: Cdr:Engine:HomeCountry is 'ZZ'; accepted: a two-letter upper-case ISO 3166 code of a country with a numbering plan")]
    [InlineData("--console-key-file", "/nonexistent/key", "error: Cdr:Console:ApiKeyFile '/nonexistent/key' cannot be read")]
    [InlineData("--redis-password-file", "/nonexistent/password", "error: Cdr:Cluster:RedisPasswordFile '/nonexistent/password' cannot be read")]
    [InlineData("--advertise", "10.1.2.3", "error: Cdr:Silo:AdvertisedAddress and ListenAddress (--advertise, --listen) need durable mode: an embedded cluster is one machine")]
    public async Task Given_a_setting_that_cannot_work_When_the_silo_starts_Then_it_exits_2_with_one_line_naming_it(string option, string value, string line)
    {
        using var silo = SiloProcess.StartEmbedded("--dashboard-port", SiloProcess.FreePort(), option, value);
        await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, silo.ExitCode);
        Assert.Contains(line, silo.Output, StringComparison.Ordinal);
    }
}
