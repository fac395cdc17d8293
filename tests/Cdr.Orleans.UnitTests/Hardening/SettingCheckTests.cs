using Cdr.Orleans.Cluster;
using Cdr.Orleans.Grains.Hosting;
using Cdr.Orleans.Silo.Web;

namespace Cdr.Orleans.Tests.Hardening;

/// <summary>A setting that cannot work stops the process at start with one line that names it; one that can is taken.</summary>
public sealed class SettingCheckTests
{
    [Theory]
    [InlineData(",,,=", "has an empty item between its commas")]
    [InlineData("=", "has '=', which is neither host:port nor option=value")]
    [InlineData("localhost:6379,,ssl=true", "has an empty item between its commas")]
    [InlineData("local host:6379", "has 'local host:6379', which is not host:port")]
    [InlineData("localhost:99999", "has 'localhost:99999', which is not host:port")]
    [InlineData("localhost:6379,=1", "has '=1', which is neither host:port nor option=value")]
    public void Given_a_malformed_redis_setting_When_validated_Then_it_is_refused_with_what_is_accepted(string redis, string problem)
    {
        var error = new CdrClusterOptions { Redis = redis }.Validate();

        Assert.StartsWith($"Cdr:Cluster:Redis '{redis}' {problem}", error, StringComparison.Ordinal);
        Assert.Contains("accepted: host:port[,host:port...][,option=value...]", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost:6379")]
    [InlineData("127.0.0.1:6379,password=secret,ssl=true")]
    [InlineData("redis1:6379,redis2:6380,abortConnect=false")]
    [InlineData("[::1]:6379")]
    [InlineData("localhost")]
    public void Given_a_redis_setting_that_can_work_When_validated_Then_it_is_taken(string redis) =>
        Assert.Null(new CdrClusterOptions { Redis = redis }.Validate());

    [Theory]
    [InlineData("ZZ")]
    [InlineData("XX")]
    [InlineData("gb")]
    public void Given_a_home_country_without_a_numbering_plan_When_validated_Then_it_is_refused(string country) =>
        Assert.StartsWith($"Cdr:Engine:HomeCountry is '{country}'; accepted: a two-letter upper-case ISO 3166 code of a country with a numbering plan",
            new EngineOptions { HomeCountry = country }.Validate(), StringComparison.Ordinal);

    [Fact]
    public void Given_secrets_in_files_When_read_Then_the_first_line_counts_and_a_missing_or_empty_file_is_named()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "  0123456789abcdef-file  \nsecond line\n");
            Assert.Equal("0123456789abcdef-file", new WebConsoleOptions { ApiKeyFile = file }.Key);
            Assert.Null(new WebConsoleOptions { ApiKeyFile = file, Address = "0.0.0.0" }.Validate());
            Assert.Equal("from-the-setting-0000", new WebConsoleOptions { ApiKey = "from-the-setting-0000", ApiKeyFile = file }.Key);

            File.WriteAllText(file, "\n");
            Assert.StartsWith($"Cdr:Console:ApiKeyFile '{file}' is empty;", new WebConsoleOptions { ApiKeyFile = file }.Validate(), StringComparison.Ordinal);
            Assert.StartsWith($"Cdr:Cluster:RedisPasswordFile '{file}' is empty;",
                new CdrClusterOptions { Redis = "localhost:6379", RedisPasswordFile = file }.Validate(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
        Assert.StartsWith($"Cdr:Console:ApiKeyFile '{file}' cannot be read", new WebConsoleOptions { ApiKeyFile = file }.Validate(), StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_redis_password_from_a_file_When_the_connection_is_made_Then_it_carries_that_password()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "s3cret-from-file\n");
            Assert.Equal("s3cret-from-file", new CdrClusterOptions { Redis = "localhost:6379", RedisPasswordFile = file }.RedisOptions().Password);
            Assert.Equal("in-the-string", new CdrClusterOptions { Redis = "localhost:6379,password=in-the-string", RedisPasswordFile = file }.RedisOptions().Password);
            Assert.Equal("from-env", new CdrClusterOptions { Redis = "localhost:6379", RedisPassword = "from-env", RedisPasswordFile = file }.RedisOptions().Password);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
