using Cdr.Orleans.Domain.Campaigns;

namespace Cdr.Orleans.Tests.Campaigns;

/// <summary>What changed between two revisions of a campaign file, line by line.</summary>
public sealed class CampaignDiffTests
{
    [Fact]
    public void Given_one_field_changed_one_added_and_one_removed_When_diffed_Then_those_lines_and_only_they_are_listed_in_order()
    {
        const string before = "{\n  \"id\": \"x\",\n  \"trigger\": \"A\",\n  \"priority\": 1,\n  \"controlShare\": 0.1\n}";
        const string after = "{\n  \"id\": \"x\",\n  \"trigger\": \"B\",\n  \"controlShare\": 0.1,\n  \"end\": \"2027-01-01\"\n}";

        Assert.Equal(
            ["- \"trigger\": \"A\",", "- \"priority\": 1,", "- \"controlShare\": 0.1", "+ \"trigger\": \"B\",", "+ \"controlShare\": 0.1,", "+ \"end\": \"2027-01-01\""],
            CampaignDiff.Lines(before, after));
    }

    [Fact]
    public void Given_the_same_text_When_diffed_Then_nothing_is_listed() =>
        Assert.Empty(CampaignDiff.Lines("{\n  \"id\": \"x\"\n}", "{\n  \"id\": \"x\"\n}"));
}
