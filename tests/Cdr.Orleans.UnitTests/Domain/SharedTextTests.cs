using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Text;

namespace Cdr.Orleans.Tests.Domain;

/// <summary>Profiles that repeat an operator or a region hold one copy of it per silo, and keep every value as it came.</summary>
public sealed class SharedTextTests
{
    private static SubscriberProfile Profile(string msisdn, string region, string @operator) =>
        new(msisdn, "Ann Example", 40, Gender.Female, region, @operator, Plan.Postpaid, Tier.Gold, new DateOnly(2020, 1, 1));

    [Fact]
    public void Given_two_profiles_with_equal_texts_in_their_own_copies_When_shared_Then_they_hold_the_same_copy_and_equal_values()
    {
        var first = Profile("+447700900001", new string("London".AsSpan()), new string("Vodafone-shared-test".AsSpan()));
        var second = Profile("+447700900002", new string("London".AsSpan()), new string("Vodafone-shared-test".AsSpan()));
        Assert.False(ReferenceEquals(first.Operator, second.Operator));

        var shared = new SharedText(100);
        var (a, b) = (shared.Of(first), shared.Of(second));

        Assert.Same(a.Operator, b.Operator);
        Assert.Same(a.HomeRegion, b.HomeRegion);
        Assert.Equal(second, b);
        Assert.Same(a, shared.Of(a)); // already shared: the profile itself, no copy
    }

    [Fact]
    public void Given_more_distinct_texts_than_the_pool_holds_When_shared_Then_each_comes_back_equal_and_the_pool_stops_growing()
    {
        var pool = new SharedText(100);
        var texts = Enumerable.Range(0, 150).Select(i => $"operator-flood-{i}").ToList();

        var shared = texts.Select(pool.Of).ToList();

        Assert.Equal(texts, shared);
        Assert.Same(pool.Of(new string(texts[0].AsSpan())), pool.Of(new string(texts[0].AsSpan())));
        Assert.NotSame(pool.Of(new string(texts[^1].AsSpan())), pool.Of(new string(texts[^1].AsSpan())));
    }
}
