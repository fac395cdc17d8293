using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// Campaign files: JSON with camelCase names (see campaigns/*.json). Unknown properties are refused, so that a typo
/// such as "perSubscrber" is an error rather than a silently missing cap.
/// </summary>
public static class CampaignJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads a campaign from JSON text; <paramref name="error"/> says what is wrong and where when it cannot.</summary>
    public static CampaignDefinition? Read(string json, string source, out string? error)
    {
        error = null;
        try
        {
            var definition = JsonSerializer.Deserialize<CampaignDefinition>(json, Options);
            if (definition is null)
            {
                error = $"{source}: the file holds null; it must be a JSON object describing one campaign (see campaigns/ for examples)";
                return null;
            }
            if (definition.Caps is null)
            {
                // Left out, caps mean once per campaign; a null says nothing about which cap was meant.
                error = $"{source}: caps: null is not accepted; leave it out for one offer per subscriber per campaign, or give e.g. {{\"perSubscriber\": 1, \"period\": \"7d\"}}";
                return null;
            }
            // "eligibility": null and the like mean the defaults, for every reader of campaign files.
            return CampaignValidator.Normalize(definition);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, column {ex.BytePositionInLine + 1})" : "";
            error = $"{source}{where}: {Explain(ex)}";
            return null;
        }
    }

    public static string Write(CampaignDefinition definition) => JsonSerializer.Serialize(definition, Options);

    private static string Explain(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            message += " Known properties: id, name, description, priority, offer {code, text, channel, value}, " +
                "eligibility {plans, tiers, regions, operators, minAge, maxAge, minSignupDays, maxSignupDays, rule}, trigger, " +
                "caps {perSubscriber, period, budget}, start, end, controlShare, targeting {minPropensity, exploreShare}, oneShot.";
        }
        return ex.Path is { Length: > 0 } path && path != "$" ? $"at {path}: {message}" : message;
    }
}
