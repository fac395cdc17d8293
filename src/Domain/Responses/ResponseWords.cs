using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Domain.Responses;

/// <summary>
/// The words a response may be given in, by the API, the inbound webhook and <c>offer respond</c>, whatever their
/// case: accept (accept, accepted, yes), decline (decline, declined, no) and STOP with the opt-out keywords SMS
/// gateways pass on (stop, stopped, stopall, unsubscribe, cancel, end, quit).
/// </summary>
public static class ResponseWords
{
    private static readonly Dictionary<string, OfferResponse> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["accept"] = OfferResponse.Accepted, ["accepted"] = OfferResponse.Accepted, ["yes"] = OfferResponse.Accepted,
        ["decline"] = OfferResponse.Declined, ["declined"] = OfferResponse.Declined, ["no"] = OfferResponse.Declined,
        ["stop"] = OfferResponse.Stopped, ["stopped"] = OfferResponse.Stopped, ["stopall"] = OfferResponse.Stopped, ["unsubscribe"] = OfferResponse.Stopped,
        ["cancel"] = OfferResponse.Stopped, ["end"] = OfferResponse.Stopped, ["quit"] = OfferResponse.Stopped,
    };

    /// <summary>What the error messages list as accepted.</summary>
    public const string Accepted = "accept, decline or stop (also accepted, yes; declined, no; stopped, stopall, unsubscribe, cancel, end, quit)";

    public static OfferResponse? Parse(string? word) =>
        word is not null && Words.TryGetValue(word.Trim(), out var response) ? response : null;

    /// <summary>The word a response is written as: accepted, declined, stopped.</summary>
    public static string Name(OfferResponse response) => response switch
    {
        OfferResponse.Accepted => "accepted",
        OfferResponse.Declined => "declined",
        OfferResponse.Stopped => "stopped",
        _ => "none",
    };

    /// <summary>Offer ids are the 16 lowercase hex digits <see cref="Campaigns.OfferIds.For"/> gives.</summary>
    public static bool IsOfferId(string? id) => id is { Length: 16 } && id.All(char.IsAsciiHexDigitLower);
}
