using Cdr.Orleans.Domain.Propensity;

namespace Cdr.Orleans.Tests.Propensity;

/// <summary>A campaign's examples: features kept from the decision, labelled by the response or by its absence, bounded.</summary>
public sealed class ExampleBookTests
{
    private static readonly DateTime T0 = new(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Given_sent_offers_When_one_is_accepted_one_declined_and_one_never_answered_Then_each_is_labelled_once_with_its_decision_features()
    {
        var book = new ExampleBook();
        book.Decided("a", T0, [1f, 2f]);
        book.Decided("b", T0.AddMinutes(1), [3f, 4f]);
        book.Decided("c", T0.AddMinutes(2), [5f, 6f]);

        Assert.True(book.Respond("a", accepted: true));
        Assert.True(book.Respond("b", accepted: false));
        Assert.False(book.Respond("a", accepted: false)); // answered already
        Assert.False(book.Respond("zzz", accepted: true)); // never sent
        Assert.Equal(0, book.Expire(T0.AddHours(1), TimeSpan.FromHours(2)));
        Assert.Equal(1, book.Expire(T0.AddHours(3), TimeSpan.FromHours(2)));

        Assert.Equal([("a", true, 1f), ("b", false, 3f), ("c", false, 5f)], book.Labelled.Select(e => (e.OfferId, e.Accepted, e.Features[0])));
        Assert.Empty(book.Pending);
        Assert.Equal(3, book.LabelledTotal);
        Assert.False(book.Decided("a", T0, [9f, 9f])); // a replayed CDR decides the same offer again: kept once
    }

    [Fact]
    public void Given_a_full_book_When_more_offers_are_decided_and_labelled_Then_it_keeps_the_newest_and_labels_the_oldest_waiting_as_declined()
    {
        var book = new ExampleBook { Capacity = 3 };
        for (var i = 0; i < 5; i++)
        {
            book.Decided($"o{i}", T0.AddMinutes(i), [i]);
        }

        Assert.Equal(["o2", "o3", "o4"], book.Pending.Keys.Order());
        Assert.Equal([("o0", false), ("o1", false)], book.Labelled.Select(e => (e.OfferId, e.Accepted)));

        for (var i = 2; i < 5; i++)
        {
            book.Respond($"o{i}", accepted: true);
        }
        for (var i = 5; i < 200; i++)
        {
            book.Decided($"o{i}", T0.AddMinutes(i), [i]);
            book.Respond($"o{i}", accepted: i % 2 == 0);
        }

        Assert.Equal(["o197", "o198", "o199"], book.Labelled.Select(e => e.OfferId));
        Assert.Equal(200, book.LabelledTotal);
        Assert.Empty(book.Pending);
    }

    [Fact]
    public void Given_a_response_that_comes_before_its_example_When_the_example_arrives_Then_it_is_labelled_with_that_response()
    {
        var book = new ExampleBook();

        Assert.False(book.Respond("fast", accepted: true));
        Assert.True(book.Decided("fast", T0, [7f]));

        Assert.Equal([("fast", true)], book.Labelled.Select(e => (e.OfferId, e.Accepted)));
        Assert.Empty(book.Pending);
        Assert.Empty(book.Early);
    }
}
