using System.Text.Json;
using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Domain.Responses;

/// <summary>
/// The inbound webhook's body: one response, <c>{"offerId": "1f3384d216ac372b", "response": "accept", "at":
/// "2026-12-03T10:15:00Z"}</c>, or several, <c>{"responses": [ ... ]}</c>, at most <see cref="MaxPerRequest"/>.
/// <c>at</c>, when the subscriber answered, is optional (then: when it arrives) and may not be in the future. Each
/// item is checked on its own: a bad one is reported by its place and the others are taken. A STOP a gateway cannot
/// tie to an offer (an SMS reply to the short code) names the subscriber instead: <c>{"msisdn": "+447700900123",
/// "response": "stop"}</c>.
/// </summary>
public static class InboundResponses
{
    public const int MaxPerRequest = 1_000;

    /// <summary>How far in the future a response's <c>at</c> may be (clocks differ).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>One item of the body, or why it was not taken.</summary>
    public sealed record Item(int Index, string? OfferId, OfferResponse Response, DateTime AtUtc, string? Error, string? Msisdn = null);

    /// <summary>The items, or (null) what is wrong with the body as a whole.</summary>
    public static IReadOnlyList<Item>? Parse(ReadOnlySpan<byte> body, DateTime now, out string? error)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            error = $"the body is not JSON ({e.Message}); send {Example}";
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = $"the body is a JSON {root.ValueKind.ToString().ToLowerInvariant()}; send {Example}";
                return null;
            }
            if (!root.TryGetProperty("responses", out var many))
            {
                error = null;
                return [Read(root, 0, now)];
            }
            if (many.ValueKind != JsonValueKind.Array || many.GetArrayLength() is 0 or > MaxPerRequest)
            {
                error = $"'responses' must be an array of 1 to {MaxPerRequest} responses; send {Example}";
                return null;
            }
            error = null;
            return [.. many.EnumerateArray().Select((item, i) => Read(item, i, now))];
        }
    }

    public const string Example = """{"offerId": "1f3384d216ac372b", "response": "accept"} or {"responses": [ ... ]}""";

    private static Item Read(JsonElement item, int index, DateTime now)
    {
        Item Bad(string why) => new(index, null, OfferResponse.None, default, why);
        if (item.ValueKind != JsonValueKind.Object)
        {
            return Bad("not a JSON object");
        }
        var offerId = item.TryGetProperty("offerId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        var msisdn = item.TryGetProperty("msisdn", out var number) && number.ValueKind == JsonValueKind.String ? number.GetString() : null;
        var word = item.TryGetProperty("response", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        var response = ResponseWords.Parse(word);
        if (msisdn is not null && offerId is null)
        {
            if (!Cdrs.Msisdn.IsValid(msisdn))
            {
                return Bad($"'msisdn' '{Shorten(msisdn)}' is not an E.164 number such as +447700900123");
            }
            return response == OfferResponse.Stopped
                ? new Item(index, null, OfferResponse.Stopped, ReadAt(item, now, out var atError) ?? now, atError, msisdn)
                : Bad("a response that names the subscriber ('msisdn') rather than the offer can only be a STOP; give 'offerId' for the others");
        }
        if (!ResponseWords.IsOfferId(offerId))
        {
            return Bad(offerId is null ? "no 'offerId' (a string of 16 lowercase hex digits, as the offer's message gives it), nor for a STOP 'msisdn'"
                : $"'offerId' '{Shorten(offerId)}' is not an offer id (16 lowercase hex digits)");
        }
        if (response is null)
        {
            return Bad(word is null ? $"no 'response'; accepted: {ResponseWords.Accepted}" : $"response '{Shorten(word)}' is not accepted; accepted: {ResponseWords.Accepted}");
        }
        var at = ReadAt(item, now, out var error);
        return error is null ? new Item(index, offerId, response.Value, at ?? now, null) : Bad(error);
    }

    /// <summary>The item's <c>at</c>; null when absent (or bad, with <paramref name="error"/>).</summary>
    private static DateTime? ReadAt(JsonElement item, DateTime now, out string? error)
    {
        error = null;
        if (!item.TryGetProperty("at", out var given) || given.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (given.ValueKind != JsonValueKind.String || !given.TryGetDateTimeOffset(out var parsed))
        {
            error = "'at' is not a time; give an ISO 8601 time with its offset, e.g. 2026-12-03T10:15:00Z";
            return null;
        }
        var at = parsed.UtcDateTime;
        if (at > now + FutureTolerance)
        {
            error = $"'at' {at:yyyy-MM-ddTHH:mm:ssZ} is in the future";
            return null;
        }
        return at;
    }

    /// <summary>A value quoted back in a message, cut to 40 characters.</summary>
    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
