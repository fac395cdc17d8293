using System.Text;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Responses;
using Cdr.Orleans.Domain.Responses;
using Cdr.Orleans.Infrastructure.Redis.Offers;

namespace Cdr.Orleans.Tests.Responses;

/// <summary>How a response is read (its words, the webhook's body), what it counts, and how Redis keeps its offer.</summary>
public sealed class ResponseTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("accept", OfferResponse.Accepted)]
    [InlineData(" Accepted ", OfferResponse.Accepted)]
    [InlineData("YES", OfferResponse.Accepted)]
    [InlineData("decline", OfferResponse.Declined)]
    [InlineData("no", OfferResponse.Declined)]
    [InlineData("STOP", OfferResponse.Stopped)]
    [InlineData("Unsubscribe", OfferResponse.Stopped)]
    [InlineData("quit", OfferResponse.Stopped)]
    [InlineData("maybe", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Given_a_word_When_read_as_a_response_Then_it_is_the_answer_it_names_or_none(string? word, OfferResponse? expected) =>
        Assert.Equal(expected, ResponseWords.Parse(word));

    [Theory]
    [InlineData("1f3384d216ac372b", true)]
    [InlineData("1F3384D216AC372B", false)]
    [InlineData("1f3384d216ac372", false)]
    [InlineData("1f3384d216ac372g", false)]
    [InlineData("../../etc/passwd", false)]
    public void Given_a_text_When_checked_as_an_offer_id_Then_only_16_lowercase_hex_digits_are_one(string id, bool expected) =>
        Assert.Equal(expected, ResponseWords.IsOfferId(id));

    [Fact]
    public void Given_a_single_response_When_the_webhook_body_is_read_Then_it_is_one_item_at_its_time_or_now()
    {
        var items = Parse("""{"offerId": "1f3384d216ac372b", "response": "Stop", "at": "2026-12-03T09:15:00+01:00"}""", out var error);

        Assert.Null(error);
        var item = Assert.Single(items!);
        Assert.Equal(new InboundResponses.Item(0, "1f3384d216ac372b", OfferResponse.Stopped, new DateTime(2026, 12, 3, 8, 15, 0, DateTimeKind.Utc), null), item);
        Assert.Equal(Now, Parse("""{"offerId": "1f3384d216ac372b", "response": "accept"}""", out _)![0].AtUtc);
    }

    [Fact]
    public void Given_several_responses_some_bad_When_the_webhook_body_is_read_Then_each_bad_one_says_why_by_its_place_and_the_others_are_taken()
    {
        var items = Parse("""
            {"responses": [
              {"offerId": "1f3384d216ac372b", "response": "accept"},
              {"response": "accept"},
              {"offerId": "1F3384D216AC372B", "response": "accept"},
              {"offerId": "1f3384d216ac372b", "response": "perhaps"},
              {"offerId": "1f3384d216ac372b", "response": "decline", "at": "yesterday"},
              {"offerId": "1f3384d216ac372b", "response": "decline", "at": "2026-12-03T11:00:00Z"},
              7
            ]}
            """, out var error);

        Assert.Null(error);
        Assert.Equal(
        [
            null,
            "no 'offerId' (a string of 16 lowercase hex digits, as the offer's message gives it), nor for a STOP 'msisdn'",
            "'offerId' '1F3384D216AC372B' is not an offer id (16 lowercase hex digits)",
            $"response 'perhaps' is not accepted; accepted: {ResponseWords.Accepted}",
            "'at' is not a time; give an ISO 8601 time with its offset, e.g. 2026-12-03T10:15:00Z",
            "'at' 2026-12-03T11:00:00Z is in the future",
            "not a JSON object",
        ], items!.Select(i => i.Error));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], items!.Select(i => i.Index));
    }

    [Theory]
    [InlineData("[1, 2", "the body is not JSON")]
    [InlineData("[]", "the body is a JSON array; send")]
    [InlineData("""{"responses": {}}""", "'responses' must be an array of 1 to 1000 responses")]
    [InlineData("""{"responses": []}""", "'responses' must be an array of 1 to 1000 responses")]
    public void Given_a_body_that_is_not_responses_When_read_Then_it_is_refused_whole_saying_what_to_send(string body, string expected)
    {
        Assert.Null(Parse(body, out var error));
        Assert.StartsWith(expected, error);
    }

    [Fact]
    public void Given_more_responses_than_a_request_takes_When_read_Then_the_body_is_refused()
    {
        var body = "{\"responses\": [" + string.Join(",", Enumerable.Repeat("""{"offerId": "1f3384d216ac372b", "response": "accept"}""", 1_001)) + "]}";

        Assert.Null(Parse(body, out var error));
        Assert.StartsWith("'responses' must be an array of 1 to 1000 responses", error);
    }

    [Theory]
    [InlineData(OfferOutcome.Sent, false, OfferResponse.Accepted, 1, 0, 0, 0)]
    [InlineData(OfferOutcome.Sent, true, OfferResponse.Accepted, 1, 0, 0, 1)]
    [InlineData(OfferOutcome.Sent, false, OfferResponse.Declined, 0, 1, 0, 0)]
    [InlineData(OfferOutcome.Sent, true, OfferResponse.Stopped, 0, 1, 0, 0)]
    [InlineData(OfferOutcome.HeldOut, false, OfferResponse.Accepted, 0, 0, 1, 0)]
    [InlineData(OfferOutcome.HeldOut, false, OfferResponse.Declined, 0, 0, 0, 0)]
    [InlineData(OfferOutcome.HeldOut, false, OfferResponse.Stopped, 0, 0, 0, 0)]
    public void Given_a_response_to_an_offer_When_counted_Then_it_adds_to_the_campaigns_results_as_its_outcome_says(
        OfferOutcome outcome, bool explored, OfferResponse response, long accepted, long declined, long control, long exploredAccepted)
    {
        var offer = new AnsweredOffer("1f3384d216ac372b", "night-pack", "+447700900123", outcome, explored, Now);

        var counted = ResponseCounts.Of(offer, response);

        Assert.Equal(CampaignResults.Zero with { Accepted = accepted, Declined = declined, ControlConverted = control, ExploredAccepted = exploredAccepted }, counted);
        Assert.Equal(outcome == OfferOutcome.Sent, ResponseCounts.Labels(offer));
    }

    [Fact]
    public void Given_an_offer_When_its_summary_for_redis_is_written_and_read_Then_it_is_the_same_to_the_millisecond()
    {
        var offer = new AnsweredOffer("1f3384d216ac372b", "roaming-welcome", "+447700900123", OfferOutcome.HeldOut, true, Now.AddTicks(1_234_567));

        var summary = RedisOfferResponses.Summary(offer);

        Assert.Equal("roaming-welcome\t+447700900123\theld-out\t1\t1796292000123", summary);
        Assert.Equal(offer with { DecidedUtc = Now.AddMilliseconds(123) }, RedisOfferResponses.Parse(offer.OfferId, summary));
        Assert.Null(RedisOfferResponses.Parse(offer.OfferId, "1")); // a guard from before responses were kept
    }

    [Theory]
    [InlineData(RespondResult.Recorded, 200, "offer 1f3384d216ac372b: stopped")]
    [InlineData(RespondResult.AlreadyAnswered, 409, "offer 1f3384d216ac372b was already accepted; the first response counts")]
    [InlineData(RespondResult.Expired, 410, "offer 1f3384d216ac372b was decided at 2026-12-03 10:00:00Z, longer ago than the response window")]
    [InlineData(RespondResult.NotFound, 404, "no offer 1f3384d216ac372b: an unknown id, or one no longer kept")]
    public void Given_what_the_store_did_When_told_Then_the_message_and_status_say_it(RespondResult result, int status, string message)
    {
        var offer = new AnsweredOffer("1f3384d216ac372b", "night-pack", "+447700900123", OfferOutcome.Sent, false, Now);

        var told = ResponseMessages.Of("1f3384d216ac372b", OfferResponse.Stopped, new RecordedResponse(result, offer, OfferResponse.Accepted));

        Assert.Equal(status, told.Status);
        Assert.StartsWith(message, told.Message);
    }

    private static IReadOnlyList<InboundResponses.Item>? Parse(string body, out string? error) =>
        InboundResponses.Parse(Encoding.UTF8.GetBytes(body), Now, out error);
}
