using System.CommandLine;
using Cdr.Orleans.Client;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Files;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary><c>subscriber load</c> and <c>subscriber set</c> run as the console runs them, against the test cluster.</summary>
[Collection(ClusterFixture.Collection)]
public sealed class ProfileCommandTests(ClusterFixture fixture) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("cdr-profiles-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var msisdn = new Argument<string>("msisdn");
        var root = new RootCommand
        {
            ProfileCommands.Load((_, _, work) => work(fixture.Client)),
            ProfileCommands.Set((_, _, work) => work(fixture.Client), msisdn),
        };
        var (output, error) = (new StringWriter(), new StringWriter());
        var (stdout, stderr) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exit = await root.Parse(args).InvokeAsync();
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    private async Task<SubscriberProfile?> ProfileAsync(string msisdn) =>
        (await fixture.Client.GetGrain<ISubscriberGrain>(msisdn).GetSnapshotAsync())?.Profile;

    [Fact]
    public async Task Given_a_profile_file_with_a_bad_line_When_loaded_Then_the_good_ones_are_loaded_and_the_bad_one_is_named()
    {
        var file = Path.Combine(folder, "base.csv");
        await File.WriteAllLinesAsync(file,
        [
            ProfileCsv.FullHeader,
            "+447766100001,Ann Lee,33,Female,London,Northwind Mobile,Prepaid,Gold,2023-04-01,Europe/Madrid,yes",
            "+447766100002,Bo Chan,51,Male,Wales,Contoso Telecom,Postpaid,Free,2021-09-15,,no",
            "+447766100003,Cy Bad,40,Other,Leeds,Contoso Telecom,Prepaid,Gold,2021-09-15,Mars/Olympus,yes",
        ]);

        var (exit, output, error) = await RunAsync("load", file);

        Assert.Equal(ClientCommands.ExitBadInput, exit);
        Assert.Contains("loaded 2 profiles from base.csv", output);
        Assert.Contains("base.csv line 4: time_zone 'Mars/Olympus' is not a time zone", error);
        Assert.Equal("Europe/Madrid", (await ProfileAsync("+447766100001"))!.TimeZone);
        Assert.True((await ProfileAsync("+447766100002"))!.NoMarketing);
        Assert.Null(await ProfileAsync("+447766100003"));
    }

    [Fact]
    public async Task Given_a_subscriber_When_its_profile_is_set_Then_only_the_fields_given_change_and_a_bad_value_changes_nothing()
    {
        const string number = "+447766200001";
        Assert.Equal(ClientCommands.ExitBadInput, (await RunAsync("set", number, "--tier", "Gold")).Exit); // no profile yet: every field needed
        Assert.Null(await ProfileAsync(number));

        var created = await RunAsync("set", number, "--name", "Di Fox", "--age", "29", "--gender", "Female", "--region", "London",
            "--operator", "Northwind Mobile", "--plan", "Prepaid", "--tier", "Free", "--signup", "2025-02-03");
        var updated = await RunAsync("set", number, "--tier", "Silver", "--time-zone", "Asia/Tokyo", "--marketing", "no");
        var refused = await RunAsync("set", number, "--time-zone", "Nowhere/Land");
        var age = await RunAsync("set", number, "--age", "-4");

        Assert.Equal(0, created.Exit);
        Assert.Equal(0, updated.Exit);
        Assert.Equal(ClientCommands.ExitBadInput, refused.Exit);
        Assert.Contains("time_zone 'Nowhere/Land' is not a time zone", refused.Error);
        Assert.Equal(ClientCommands.ExitBadInput, age.Exit);
        Assert.Equal(new SubscriberProfile(number, "Di Fox", 29, Gender.Female, "London", "Northwind Mobile", Plan.Prepaid, Tier.Silver, new DateOnly(2025, 2, 3), "Asia/Tokyo", NoMarketing: true),
            await ProfileAsync(number));
        Assert.Equal("Asia/Tokyo", (await fixture.Client.GetGrain<ISubscriberGrain>(number).GetSnapshotAsync())!.TimeZone);
    }

    [Fact]
    public async Task Given_a_missing_or_wrong_file_When_loaded_Then_the_message_says_what_is_expected_and_nothing_is_loaded()
    {
        var missing = await RunAsync("load", Path.Combine(folder, "nope.csv"));
        var wrong = Path.Combine(folder, "cdrs.csv");
        await File.WriteAllTextAsync(wrong, CdrCsv.Header + "\n");
        var notProfiles = await RunAsync("load", wrong);

        Assert.Equal(ClientCommands.ExitBadInput, missing.Exit);
        Assert.Contains("nope.csv", missing.Error);
        Assert.Equal(ClientCommands.ExitBadInput, notProfiles.Exit);
        Assert.Contains($"the first line must be the header {ProfileCsv.Header}", notProfiles.Error);
    }
}
