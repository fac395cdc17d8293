using System.Text.Json;
using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Domain.Responses;

/// <summary>
/// The inbound webhook's body: one response, <c>{"offerId": "1f3384d216ac372b", "response": "accept", "at":
/// "2026-12-03T10:15:00Z"}</c>, or several, <c>{"responses": [ ... ]}</c>, at most <see cref="MaxPerRequest"/>.
/// <c>at</c>, when the subscriber answered, is optional (then: when it arrives) and may not be in the future. Each
/// item is checked on its own: a bad one is reported by its place and the others are taken.
/// </summary>
public static class InboundResponses
{
    public const int MaxPerRequest = 1_000;

    /// <summary>How far in the future a response's <c>at</c> may be (clocks differ).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>One item of the body, or why it was not taken.</summary>
    public sealed record Item(int Index, string? OfferId, OfferResponse Response, DateTime AtUtc, string? Error);

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
        if (!ResponseWords.IsOfferId(offerId))
        {
            return Bad(offerId is null ? "no 'offerId' (a string of 16 lowercase hex digits, as the offer's message gives it)"
                : $"'offerId' '{Shorten(offerId)}' is not an offer id (16 lowercase hex digits)");
        }
        var word = item.TryGetProperty("response", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        if (ResponseWords.Parse(word) is not { } response)
        {
            return Bad(word is null ? $"no 'response'; accepted: {ResponseWords.Accepted}" : $"response '{Shorten(word)}' is not accepted; accepted: {ResponseWords.Accepted}");
        }
        var at = now;
        if (item.TryGetProperty("at", out var given) && given.ValueKind != JsonValueKind.Null)
        {
            if (given.ValueKind != JsonValueKind.String || !given.TryGetDateTimeOffset(out var parsed))
            {
                return Bad("'at' is not a time; give an ISO 8601 time with its offset, e.g. 2026-12-03T10:15:00Z");
            }
            at = parsed.UtcDateTime;
            if (at > now + FutureTolerance)
            {
                return Bad($"'at' {at:yyyy-MM-ddTHH:mm:ssZ} is in the future");
            }
        }
        return new Item(index, offerId, response, at, null);
    }

    /// <summary>A value quoted back in a message, cut to 40 characters.</summary>
    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
