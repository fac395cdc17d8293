using Cdr.Orleans.Infrastructure.Files;
using Cdr.Orleans.Contracts.Callees;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Domain.Callees;
using Cdr.Orleans.Domain.Rules;
using static Cdr.Orleans.Tests.Cdrs;

namespace Cdr.Orleans.Tests.Callees;

public sealed class DirectoryTests
{
    private const string Bank = "+442071234567";
    private const string Clinic = "+442079460001";
    private const string Dentist = "+442079460002";

    [Fact]
    public void Given_a_directory_file_with_bad_lines_When_read_Then_good_numbers_are_normalised_and_each_bad_line_is_named()
    {
        var errors = new List<string>();

        var numbers = DirectoryCsv.Read(new StringReader("number,category\n020 7123 4567,banking\n+44 20 7946 0001,Clinic\n12,Clinic\n02079460003,Casino\n02079460004\n"), "dir.csv", "GB", errors);

        Assert.Equal(new Dictionary<string, CalleeCategory> { [Bank] = CalleeCategory.Banking, [Clinic] = CalleeCategory.Clinic }, numbers);
        Assert.Equal(3, errors.Count);
        Assert.StartsWith("dir.csv: line 4: '12' is not a possible phone number", errors[0]);
        Assert.StartsWith("dir.csv: line 5: category 'Casino' is not one of Private, Business, Banking", errors[1]);
        Assert.StartsWith("dir.csv: line 6: expected 2 fields (number,category), found 1", errors[2]);
    }

    [Fact]
    public void Given_a_missing_file_or_a_wrong_header_When_read_Then_the_error_says_what_is_expected()
    {
        var missing = Assert.Throws<FileNotFoundException>(() => DataFiles.ReadDirectory("/no/such/dir.csv", "GB", []));
        var header = Assert.Throws<FormatException>(() => DirectoryCsv.Read(new StringReader("msisdn,kind\n"), "dir.csv", "GB", []));

        Assert.Contains("no such number directory file; give a CSV with the header number,category", missing.Message);
        Assert.Contains("dir.csv: the first line is 'msisdn,kind'; a number directory starts with the header number,category", header.Message);
    }

    [Fact]
    public void Given_calls_to_listed_numbers_When_folded_Then_the_subscriber_knows_its_top_category_and_tag_and_rules_can_use_them()
    {
        var state = new SubscriberState();
        var at = new DateTime(2026, 11, 23, 19, 0, 0, DateTimeKind.Utc);
        SubscriberFold.ApplyOutgoing(state, Voice(Alice, Bank, at, 60), HomeNetwork.Default, CalleeCategory.Banking);
        SubscriberFold.ApplyOutgoing(state, Voice(Alice, Bank, at.AddMinutes(5), 60), HomeNetwork.Default, CalleeCategory.Banking);
        SubscriberFold.ApplyOutgoing(state, Voice(Alice, Clinic, at.AddMinutes(10), 60), HomeNetwork.Default, CalleeCategory.Clinic);
        SubscriberFold.ApplyOutgoing(state, Sms(Alice, Dentist, at.AddMinutes(15)), HomeNetwork.Default, CalleeCategory.Dentist);
        SubscriberFold.ApplyOutgoing(state, Sms(Alice, Dentist, at.AddMinutes(16)), HomeNetwork.Default, CalleeCategory.Dentist);
        SubscriberFold.ApplyOutgoing(state, Voice(Alice, Bob, at.AddMinutes(20), 60), HomeNetwork.Default); // not listed: Private
        SubscriberFold.ApplyOutgoing(state, Voice(Alice, Bob, at.AddMinutes(21), 60), HomeNetwork.Default);
        SubscriberFold.ApplyOutgoing(state, Voice(Alice, Bob, at.AddMinutes(22), 60), HomeNetwork.Default);

        Assert.Equal(CalleeCategory.Banking, state.TopCategory);  // 2 banking, 2 dentist: ties go to the first
        Assert.Equal(CategoryTag.Health, state.TopTag);            // clinic + dentist = 3 > banking 2
        var snapshot = SubscriberFold.Snapshot(Alice, state).Callees!;
        Assert.Equal(("Banking", "Health"), (snapshot.TopCategory, snapshot.TopTag));
        Assert.Equal(new Dictionary<string, long> { ["Private"] = 3, ["Business"] = 2, ["Health"] = 3 }, snapshot.CallsByTag);
        Assert.True(RuleCompiler.TryCompile("TopTag == \"Health\" && TagCalls(\"Health\") >= 3 && CategoryCalls(\"Banking\") == 2 && EveningShare > 0.5", out var rule, out var error), error?.Message);
        Assert.True(rule!.Evaluate(new RuleView(state, Voice(Alice, Bob, at.AddMinutes(22), 60), HomeNetwork.Default)));
    }
}
