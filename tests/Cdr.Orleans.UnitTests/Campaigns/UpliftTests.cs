using Cdr.Orleans.Domain.Campaigns;

namespace Cdr.Orleans.Tests.Campaigns;

public sealed class UpliftTests
{
    [Fact]
    public void Given_the_textbook_example_When_the_uplift_is_computed_Then_its_interval_is_newcombes()
    {
        // Newcombe (1998), example (a): 56/70 against 48/80: difference 0.2000, 95% interval 0.0524 to 0.3339.
        var uplift = Uplift.Of(56, 70, 48, 80)!;

        Assert.Equal(0.2, uplift.Difference, 10);
        Assert.Equal(0.0524, uplift.Low, 4);
        Assert.Equal(0.3339, uplift.High, 4);
        Assert.True(uplift.Significant);
    }

    [Fact]
    public void Given_small_or_equal_groups_When_the_uplift_is_computed_Then_it_is_not_significant_and_empty_groups_give_none()
    {
        var small = Uplift.Of(3, 10, 2, 10)!;
        Assert.False(small.Significant);
        Assert.True(small.Low < 0 && small.High > 0);
        Assert.Null(Uplift.Of(3, 10, 0, 0));
        Assert.Null(Uplift.Of(0, 0, 3, 10));
    }
}

public sealed class TallyWidthTests
{
    [Fact]
    public void Given_every_campaign_counter_When_a_tally_row_is_laid_out_Then_each_has_a_cell_in_its_campaigns_slot() =>
        Assert.True(Enum.GetValues<global::Cdr.Orleans.Domain.Campaigns.CampaignCounter>().Length <= global::Cdr.Orleans.Domain.Campaigns.TallyRow.Width);
}
