using Cdr.Orleans.Cluster;
using Cdr.Orleans.Generator.Running;

namespace Cdr.Orleans.Tests.Hardening;

/// <summary>Options that used to crash with a stack trace, and a secret that used to be echoed.</summary>
public sealed class ClearMessageTests
{
    [Fact]
    public void Given_a_storage_failure_wrapped_by_orleans_When_the_console_explains_it_Then_it_gives_our_message_not_the_wrapper_or_the_codec()
    {
        var grain = GrainId.Create("model", "night-pack");
        var unreadable = Infrastructure.Storage.UnreadableState.Of("models", grain, "file data/models/model-night-pack.bin", new FormatException("bad wire type"));
        var wrapped = new OrleansException("Error from storage provider FileGrainStorage.models during ReadStateAsync for grain model/night-pack", unreadable);

        Assert.Equal(
            "the stored 'models' state of model/night-pack (file data/models/model-night-pack.bin) cannot be read: FormatException: bad wire type. " +
            "It is left as it is; restore it from a backup, or delete it to start afresh",
            ClusterConnection.ReasonOf(wrapped));
        Assert.Equal("first line", ClusterConnection.ReasonOf(new InvalidOperationException("first line\nsecond", new FormatException("inner"))));
    }

    [Fact]
    public void Given_a_gateway_name_that_does_not_resolve_When_parsed_Then_the_message_names_it_instead_of_a_socket_exception()
    {
        var error = Assert.Throws<ClusterUnreachableException>(() => new CdrClusterOptions { Gateways = "nosuchhost.invalid:30000" }.GatewayEndpoints());

        Assert.StartsWith("gateway 'nosuchhost.invalid:30000': the name 'nosuchhost.invalid' is not known", error.Message);
    }

    [Theory]
    [InlineData("localhost:6379,password=hunter2", "localhost:6379,password=****")]
    [InlineData("a:1,user=ops,Password = s3cr,et=x", "a:1,user=ops,Password =****,et=x")]
    [InlineData("localhost:6379", "localhost:6379")]
    public void Given_a_redis_configuration_with_a_password_When_shown_Then_the_password_is_masked(string configuration, string shown) =>
        Assert.Equal(shown, new CdrClusterOptions { Redis = configuration }.RedisForDisplay);

    [Fact]
    public void Given_an_unparseable_redis_configuration_with_a_password_When_validated_Then_the_message_does_not_hold_the_password()
    {
        var error = new CdrClusterOptions { Redis = "localhost:6379,password=hunter2,nosuchoption=1" }.ValidateRedis();

        Assert.NotNull(error);
        Assert.DoesNotContain("hunter2", error);
    }

    [Fact]
    public void Given_a_start_before_the_engines_earliest_cdr_time_When_the_load_is_checked_Then_it_is_refused_with_the_bound()
    {
        var error = new LoadSettings { Start = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc) }.Validate();

        Assert.StartsWith("--start 0001-01-01T00:00:00.0000000Z is before 2000-01-01", error);
    }

    [Fact]
    public void Given_an_out_file_in_a_missing_folder_When_the_load_is_checked_Then_it_is_refused_before_anything_runs()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}", "cdrs.csv");

        Assert.StartsWith($"--out {path}: the folder ", new LoadSettings { OutPath = path }.Validate());
    }
}
