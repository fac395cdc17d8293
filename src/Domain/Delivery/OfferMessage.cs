using System.Text.Json;
using System.Text.Json.Serialization;
using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Domain.Delivery;

/// <summary>
/// The body every channel carries for a sent offer: a webhook POSTs it, the file sink writes it as one line, external
/// senders read it from the offer stream. A documented contract (docs/delivery.md): fields are added, never renamed or
/// removed. <see cref="Id"/> is the idempotency key: the same offer always has the same id, whoever sends it again.
/// <see cref="PublishedUtc"/>: when the CDR or event that made the offer entered the engine's stream (null for a segment
/// send), so that a receiver can see how long it took to reach it.
/// </summary>
public sealed record OfferMessage(
    string Id,
    string Campaign,
    string Msisdn,
    string Channel,
    string OfferCode,
    string Text,
    decimal Value,
    string CdrId,
    DateTime CdrStartUtc,
    DateTime? DecidedUtc,
    double? Propensity,
    DateTime? PublishedUtc = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // "+4477...", not "\u002B4477...": the body is never put in HTML
    };

    public static OfferMessage Of(OfferDecision decision) => new(
        decision.Id, decision.CampaignId, decision.Msisdn, decision.Channel, decision.OfferCode, decision.Text, decision.Value,
        decision.CdrId, decision.CdrStartUtc, decision.DecidedUtc, decision.Propensity, decision.PublishedUtc);

    /// <summary>UTF-8 JSON, camel-case names, no nulls: the bytes that are signed and sent.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static OfferMessage? FromJson(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<OfferMessage>(json, Json);
}
