using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Responses;

namespace Cdr.Orleans.Domain.Responses;

/// <summary>What a recorded response is told as, the same by the console client and the HTTP API, with the HTTP status it answers with.</summary>
public static class ResponseMessages
{
    public static (string Message, int Status) Of(string offerId, OfferResponse response, RecordedResponse recorded) => recorded.Result switch
    {
        RespondResult.Recorded => ($"offer {offerId}: {ResponseWords.Name(response)}", 200),
        RespondResult.AlreadyAnswered => ($"offer {offerId} was already {ResponseWords.Name(recorded.Earlier)}; the first response counts", 409),
        RespondResult.Expired => ($"offer {offerId} was decided at {recorded.Offer?.DecidedUtc:yyyy-MM-dd HH:mm:ss}Z, longer ago than the response window " +
            "(Cdr:Propensity:ResponseWindow); its example is labelled declined and the response is not counted", 410),
        _ => ($"no offer {offerId}: an unknown id, or one no longer kept (offers are kept for the response window; in embedded mode, while in the offer log)", 404),
    };
}
