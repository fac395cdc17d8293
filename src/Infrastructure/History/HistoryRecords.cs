using System.Text.Json.Serialization;

namespace Cdr.Orleans.Infrastructure.History;

// The rows of the history tables, one class per table, as Parquet columns (snake_case names, as SQL writes them).
// Times are UTC. Subscribers are masked as in logs: history is read by people, and an offer id joins a decision to its
// deliveries and responses without the number. docs/history.md describes each column.

/// <summary>Call volume of one minute (event time) in one value of one dimension, as one silo counted it since its previous flush.</summary>
public sealed class TrafficRecord
{
    [JsonPropertyName("minute")] public DateTime Minute { get; set; }
    [JsonPropertyName("dimension")] public string Dimension { get; set; } = "";
    [JsonPropertyName("value")] public string Value { get; set; } = "";
    [JsonPropertyName("cdrs")] public long Cdrs { get; set; }
    [JsonPropertyName("voice_seconds")] public long VoiceSeconds { get; set; }
    [JsonPropertyName("sms")] public long Sms { get; set; }
    [JsonPropertyName("data_bytes")] public long DataBytes { get; set; }
    [JsonPropertyName("silo")] public string Silo { get; set; } = "";
}

/// <summary>A campaign's decision for a subscriber: sent, or held out (the campaign's control group or the global one).</summary>
public sealed class DecisionRecord
{
    [JsonPropertyName("decided_utc")] public DateTime DecidedUtc { get; set; }
    [JsonPropertyName("offer_id")] public string OfferId { get; set; } = "";
    [JsonPropertyName("campaign")] public string Campaign { get; set; } = "";
    [JsonPropertyName("subscriber")] public string Subscriber { get; set; } = "";
    [JsonPropertyName("outcome")] public string Outcome { get; set; } = "";
    [JsonPropertyName("policy")] public string? Policy { get; set; }
    [JsonPropertyName("offer_code")] public string OfferCode { get; set; } = "";
    [JsonPropertyName("channel")] public string Channel { get; set; } = "";
    [JsonPropertyName("value")] public double Value { get; set; }
    [JsonPropertyName("propensity")] public double? Propensity { get; set; }
    [JsonPropertyName("explored")] public bool Explored { get; set; }
    [JsonPropertyName("cdr_id")] public string CdrId { get; set; } = "";
    [JsonPropertyName("cdr_start_utc")] public DateTime CdrStartUtc { get; set; }
    [JsonPropertyName("lag_ms")] public double? LagMs { get; set; }
    [JsonPropertyName("values")] public string Values { get; set; } = "";
    [JsonPropertyName("silo")] public string Silo { get; set; } = "";
}

/// <summary>A delivery status of an offer on its channel.</summary>
public sealed class DeliveryRecord
{
    [JsonPropertyName("updated_utc")] public DateTime UpdatedUtc { get; set; }
    [JsonPropertyName("offer_id")] public string OfferId { get; set; } = "";
    [JsonPropertyName("campaign")] public string? Campaign { get; set; }
    [JsonPropertyName("channel")] public string Channel { get; set; } = "";
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("attempts")] public int Attempts { get; set; }
    [JsonPropertyName("error")] public string? Error { get; set; }
    [JsonPropertyName("silo")] public string Silo { get; set; } = "";
}

/// <summary>A response recorded for an offer (the first one only: a repeat is not recorded).</summary>
public sealed class ResponseRecord
{
    [JsonPropertyName("responded_utc")] public DateTime RespondedUtc { get; set; }
    [JsonPropertyName("offer_id")] public string OfferId { get; set; } = "";
    [JsonPropertyName("campaign")] public string Campaign { get; set; } = "";
    [JsonPropertyName("response")] public string Response { get; set; } = "";
    [JsonPropertyName("held_out")] public bool HeldOut { get; set; }
    [JsonPropertyName("decided_utc")] public DateTime DecidedUtc { get; set; }
    [JsonPropertyName("source")] public string Source { get; set; } = "";
    [JsonPropertyName("silo")] public string Silo { get; set; } = "";
}

/// <summary>A record set aside because it could not be applied.</summary>
public sealed class DeadLetterRecord
{
    [JsonPropertyName("at_utc")] public DateTime AtUtc { get; set; }
    [JsonPropertyName("partition")] public int Partition { get; set; }
    [JsonPropertyName("subscriber")] public string Subscriber { get; set; } = "";
    [JsonPropertyName("cdr_id")] public string CdrId { get; set; } = "";
    [JsonPropertyName("reason")] public string Reason { get; set; } = "";
    [JsonPropertyName("silo")] public string Silo { get; set; } = "";
}
