using System.Text.RegularExpressions;
using System.Text;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Rules;
using Cdr.Orleans.Domain.Text;

namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// Checks a campaign before it is accepted, and says every problem at once, each with what is accepted. The same
/// checks run in the client (validate, create) and in the registry grain, which has the last word.
/// </summary>
public static partial class CampaignValidator
{
    public const double MaxControlShare = 0.5;

    /// <summary>The eligibility rule of a campaign open to everyone.</summary>
    public const string NoCondition = "true";

    public static IReadOnlyList<string> Validate(CampaignDefinition campaign)
    {
        var errors = new List<string>();
        if (!IdPattern().IsMatch(campaign.Id ?? ""))
        {
            errors.Add($"id: '{campaign.Id}' is not accepted; use 1 to 64 lowercase letters, digits and dashes, starting with a letter or digit, e.g. night-pack");
        }
        if (string.IsNullOrWhiteSpace(campaign.Name))
        {
            errors.Add("name: missing; give the campaign a name people will recognise");
        }
        CheckOffer(campaign.Offer, errors);
        CheckEligibility(campaign.Eligibility ?? new(), errors);
        if (string.IsNullOrWhiteSpace(campaign.Trigger))
        {
            errors.Add("trigger: missing; write the condition that triggers the offer, e.g. \"H24.VoiceMinutes > 60\"");
        }
        else if (RuleCompiler.Validate(campaign.Trigger) is { } error)
        {
            errors.Add($"trigger: {error.Message}");
        }
        CheckCaps(campaign.Caps ?? new(), errors);
        if (campaign.Start is { } start && campaign.End is { } end && end <= start)
        {
            errors.Add($"end: {end:u} is not after start {start:u}");
        }
        if (double.IsNaN(campaign.ControlShare) || campaign.ControlShare < 0 || campaign.ControlShare > MaxControlShare)
        {
            errors.Add($"controlShare: {campaign.ControlShare} is not accepted; give a share from 0 to {MaxControlShare}, e.g. 0.1 to hold out 10%");
        }
        return errors;
    }

    /// <summary>The eligibility as one rule expression: the structured fields, then the free rule, joined by &amp;&amp;.</summary>
    public static string EligibilityRule(Eligibility eligibility)
    {
        var parts = new List<string>();
        AddIn(parts, nameof(RuleView.Plan), eligibility.Plans, name => Canonical<Plan>(name) ?? name);
        AddIn(parts, nameof(RuleView.Tier), eligibility.Tiers, name => Canonical<Tier>(name) ?? name);
        AddIn(parts, nameof(RuleView.Region), eligibility.Regions, name => name);
        AddIn(parts, nameof(RuleView.Operator), eligibility.Operators, name => name);
        if (eligibility.MinAge is { } minAge)
        {
            parts.Add($"Age >= {minAge}");
        }
        if (eligibility.MaxAge is { } maxAge)
        {
            parts.Add($"Age <= {maxAge}");
        }
        if (eligibility.MinSignupDays is { } minDays)
        {
            parts.Add($"SignupDays >= {minDays}");
        }
        if (eligibility.MaxSignupDays is { } maxDays)
        {
            parts.Add($"SignupDays <= {maxDays}");
        }
        if (!string.IsNullOrWhiteSpace(eligibility.Rule))
        {
            parts.Add($"({eligibility.Rule})");
        }
        return parts.Count == 0 ? NoCondition : string.Join(" && ", parts);
    }

    public static TimeSpan? PeriodOf(CampaignCaps caps) =>
        caps.Period is { } text && DurationText.TryParse(text, out var period) ? period : null;

    private static void CheckOffer(OfferSpec? offer, List<string> errors)
    {
        if (offer is null)
        {
            errors.Add("offer: missing; give {\"code\", \"text\", \"channel\", \"value\"}");
            return;
        }
        if (string.IsNullOrWhiteSpace(offer.Code))
        {
            errors.Add("offer.code: missing; give the product code the offer sells, e.g. NIGHT-5GB");
        }
        if (string.IsNullOrWhiteSpace(offer.Text))
        {
            errors.Add("offer.text: missing; give the text the subscriber receives");
        }
        if (!OfferSpec.Channels.Contains(offer.Channel))
        {
            errors.Add($"offer.channel: '{offer.Channel}' is not one of {string.Join(", ", OfferSpec.Channels)}");
        }
        else if (offer.Channel == "sms" && offer.Text?.Length > 160)
        {
            errors.Add($"offer.text: {offer.Text.Length} characters; an SMS offer holds at most 160");
        }
        if (offer.Value < 0)
        {
            errors.Add($"offer.value: {offer.Value} is negative; give what the offer is worth, 0 or more");
        }
    }

    private static void CheckEligibility(Eligibility eligibility, List<string> errors)
    {
        CheckNames<Plan>("eligibility.plans", eligibility.Plans, errors);
        CheckNames<Tier>("eligibility.tiers", eligibility.Tiers, errors);
        CheckText("eligibility.regions", eligibility.Regions, errors);
        CheckText("eligibility.operators", eligibility.Operators, errors);
        CheckRange("eligibility age", eligibility.MinAge, eligibility.MaxAge, 0, 150, errors);
        CheckRange("eligibility signup days", eligibility.MinSignupDays, eligibility.MaxSignupDays, 0, 100_000, errors);
        if (eligibility.Rule is { } rule && !string.IsNullOrWhiteSpace(rule) && RuleCompiler.Validate(rule) is { } error)
        {
            errors.Add($"eligibility.rule: {error.Message}");
        }
    }

    private static void CheckCaps(CampaignCaps caps, List<string> errors)
    {
        if (caps.PerSubscriber < 1)
        {
            errors.Add($"caps.perSubscriber: {caps.PerSubscriber} is not accepted; give 1 or more offers per subscriber per period");
        }
        if (caps.Period is { } period && (!DurationText.TryParse(period, out var value) || value <= TimeSpan.Zero))
        {
            errors.Add($"caps.period: '{period}' is not a duration; give e.g. 30m, 24h or 7d, or leave it out for once per campaign");
        }
        if (caps.Budget is < 1)
        {
            errors.Add($"caps.budget: {caps.Budget} is not accepted; give 1 or more offers in total, or leave it out for no budget");
        }
    }

    private static void CheckNames<TEnum>(string field, IReadOnlyList<string>? names, List<string> errors) where TEnum : struct, Enum
    {
        foreach (var name in names ?? [])
        {
            if (Canonical<TEnum>(name) is null)
            {
                errors.Add($"{field}: '{name}' is not one of {string.Join(", ", Enum.GetNames<TEnum>())}");
            }
        }
    }

    private static void CheckText(string field, IReadOnlyList<string>? values, List<string> errors)
    {
        foreach (var value in values ?? [])
        {
            if (string.IsNullOrWhiteSpace(value) || value.Any(char.IsControl))
            {
                errors.Add($"{field}: '{value}' is empty or holds control characters; give names as in subscriber profiles, e.g. \"London\"");
            }
        }
    }

    private static void CheckRange(string what, int? min, int? max, int lowest, int highest, List<string> errors)
    {
        foreach (var value in new[] { min, max })
        {
            if (value is { } v && (v < lowest || v > highest))
            {
                errors.Add($"{what}: {v} is outside {lowest} to {highest}");
            }
        }
        if (min > max)
        {
            errors.Add($"{what}: the minimum {min} is above the maximum {max}");
        }
    }

    private static string? Canonical<TEnum>(string name) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(name, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(name, out _) ? value.ToString() : null;

    private static void AddIn(List<string> parts, string member, IReadOnlyList<string>? values, Func<string, string> canonical)
    {
        if (values is null || values.Count == 0)
        {
            return;
        }
        var list = new StringBuilder();
        foreach (var value in values)
        {
            list.Append(list.Length == 0 ? "" : ", ").Append('"').Append(canonical(value).Replace("\\", "\\\\").Replace("\"", "\\\"")).Append('"');
        }
        parts.Add($"{member} in ({list})");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();
}
