using Cdr.Orleans.Silo.Web;

namespace Cdr.Orleans.Tests.Silo;

/// <summary>A response-webhook setting that cannot work stops the silo at start with one line naming it and what is accepted.</summary>
public sealed class ResponseHookOptionsTests
{
    [Fact]
    public void Given_no_secret_When_validated_Then_it_is_accepted_and_the_webhook_is_off() =>
        Assert.Equal((null, null), (new ResponseHookOptions().Validate(), new ResponseHookOptions().Key));

    [Theory]
    [InlineData("short-secret", "Cdr:Responses: the secret is 12 characters; the response webhook's secret must be at least 32 (e.g. openssl rand -hex 32)")]
    [InlineData("a-shared-secret-of-at-least-32-characters", null)]
    public void Given_a_secret_When_validated_Then_a_short_one_is_refused(string secret, string? expected) =>
        Assert.Equal(expected, new ResponseHookOptions { Secret = secret }.Validate());

    [Fact]
    public void Given_a_secret_file_that_is_not_there_When_validated_Then_it_says_which_setting_and_file()
    {
        var error = new ResponseHookOptions { SecretFile = "/nonexistent/responses-secret" }.Validate();

        Assert.StartsWith("Cdr:Responses:SecretFile '/nonexistent/responses-secret' cannot be read", error);
    }

    [Theory]
    [InlineData(0, "00:05:00", "Cdr:Responses:RatePerSecond is 0; accepted: more than 0, at most 1000000")]
    [InlineData(100, "00:00:01", "Cdr:Responses:Tolerance is 00:00:01; accepted: 00:00:10 to 01:00:00")]
    public void Given_a_bad_limit_When_validated_Then_it_says_what_is_accepted(double rate, string tolerance, string expected) =>
        Assert.Equal(expected, new ResponseHookOptions { RatePerSecond = rate, Tolerance = TimeSpan.Parse(tolerance, System.Globalization.CultureInfo.InvariantCulture) }.Validate());
}
