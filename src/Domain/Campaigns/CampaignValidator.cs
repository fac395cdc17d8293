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

    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 1_000;
    public const int MaxCodeLength = 32;
    public const int MaxOfferTextLength = 1_000;
    public const int MaxSmsLength = 160;
    public const int MaxPerSubscriber = 100;
    public const int MaxListLength = 100;

    /// <summary>
    /// The definition with every missing part as its default (no eligibility: everyone; no caps: once per campaign),
    /// as JSON or a caller that sends <c>"eligibility": null</c> gives it. The registry stores, and the silos compile,
    /// this form.
    /// </summary>
    public static CampaignDefinition Normalize(CampaignDefinition campaign) =>
        campaign.Eligibility is null || campaign.Caps is null || campaign.Offer is null || campaign.Trigger is null || campaign.Name is null || campaign.Id is null
            ? campaign with
            {
                Id = campaign.Id ?? "",
                Name = campaign.Name ?? "",
                Trigger = campaign.Trigger ?? "",
                Offer = campaign.Offer ?? new(),
                Eligibility = campaign.Eligibility ?? new(),
                Caps = campaign.Caps ?? new(),
            }
            : campaign;

    public static IReadOnlyList<string> Validate(CampaignDefinition? definition)
    {
        if (definition is null)
        {
            return ["the campaign is null; give a JSON object describing one campaign (see campaigns/ for examples)"];
        }
        var campaign = Normalize(definition);
        var errors = new List<string>();
        if (!IdPattern().IsMatch(campaign.Id))
        {
            errors.Add($"id: '{Printable(campaign.Id)}' is not accepted; use 1 to 64 lowercase letters, digits and dashes, starting with a letter or digit, e.g. night-pack");
        }
        if (string.IsNullOrWhiteSpace(campaign.Name))
        {
            errors.Add("name: missing; give the campaign a name people will recognise");
        }
        else
        {
            CheckPlainText("name", campaign.Name, MaxNameLength, errors);
        }
        if (campaign.Description is { } description)
        {
            CheckPlainText("description", description, MaxDescriptionLength, errors);
        }
        CheckOffer(campaign.Offer, errors);
        CheckEligibility(campaign.Eligibility, errors);
        if (string.IsNullOrWhiteSpace(campaign.Trigger))
        {
            errors.Add("trigger: missing; write the condition that triggers the offer, e.g. \"H24.VoiceMinutes > 60\"");
        }
        else if (RuleCompiler.Validate(campaign.Trigger) is { } error)
        {
            errors.Add($"trigger: {error.Message}");
        }
        CheckCaps(campaign.Caps, errors);
        if (campaign.OneShot && (campaign.Start is not null || campaign.End is not null))
        {
            errors.Add("start, end: a one-shot campaign is sent to its segment when it is created; it has no schedule (leave start and end out)");
        }
        if (campaign.Start is { } start && campaign.End is { } end && end <= start)
        {
            errors.Add($"end: {end:u} is not after start {start:u}");
        }
        if (double.IsNaN(campaign.ControlShare) || campaign.ControlShare < 0 || campaign.ControlShare > MaxControlShare)
        {
            errors.Add($"controlShare: {campaign.ControlShare} is not accepted; give a share from 0 to {MaxControlShare}, e.g. 0.1 to hold out 10%");
        }
        if (campaign.Targeting is { } targeting)
        {
            if (double.IsNaN(targeting.MinPropensity) || targeting.MinPropensity < 0 || targeting.MinPropensity > 1)
            {
                errors.Add($"targeting.minPropensity: {targeting.MinPropensity} is not accepted; give a probability from 0 to 1, e.g. 0.3 to send only to subscribers the model gives at least 30%");
            }
            if (double.IsNaN(targeting.ExploreShare) || targeting.ExploreShare < 0 || targeting.ExploreShare > MaxControlShare)
            {
                errors.Add($"targeting.exploreShare: {targeting.ExploreShare} is not accepted; give a share from 0 to {MaxControlShare}, e.g. 0.1 to send 10% whatever the model says");
            }
        }
        return errors;
    }

    /// <summary>What <c>campaign create</c> says of a definition marked one-shot: those are made by a segment send.</summary>
    public const string OneShotNeedsSend = "oneShot: a one-shot campaign is made and sent by a segment send (cdr campaign send --segment RULE, or POST /api/campaigns/send), not created";

    /// <summary>Who a campaign's rules select, as one segment rule: its eligibility and its trigger.</summary>
    public static string SegmentRule(CampaignDefinition campaign)
    {
        var eligibility = EligibilityRule(campaign.Eligibility);
        return eligibility == NoCondition ? campaign.Trigger : $"({eligibility}) && ({campaign.Trigger})";
    }

    /// <summary>The eligibility as one rule expression: the structured fields, then the free rule, joined by &amp;&amp;.</summary>
    public static string EligibilityRule(Eligibility? eligibility)
    {
        eligibility ??= new();
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

    public static TimeSpan? PeriodOf(CampaignCaps? caps) =>
        caps?.Period is { } text && DurationText.TryParse(text, out var period) ? period : null;

    private static void CheckOffer(OfferSpec offer, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(offer.Code))
        {
            errors.Add("offer.code: missing; give the product code the offer sells, e.g. NIGHT-5GB");
        }
        else if (!CodePattern().IsMatch(offer.Code))
        {
            errors.Add($"offer.code: '{Printable(offer.Code)}' is not accepted; use 1 to {MaxCodeLength} letters, digits, dashes, dots and underscores, e.g. NIGHT-5GB");
        }
        if (string.IsNullOrWhiteSpace(offer.Text))
        {
            errors.Add("offer.text: missing; give the text the subscriber receives");
        }
        else
        {
            CheckPlainText("offer.text", offer.Text, offer.Channel == "sms" ? MaxSmsLength : MaxOfferTextLength, errors,
                offer.Channel == "sms" ? "an SMS offer holds at most" : "an offer text holds at most");
        }
        if (!OfferSpec.Channels.Contains(offer.Channel))
        {
            errors.Add($"offer.channel: '{Printable(offer.Channel)}' is not one of {string.Join(", ", OfferSpec.Channels)}");
        }
        if (offer.Value < 0 || offer.Value > 1_000_000)
        {
            errors.Add($"offer.value: {offer.Value} is not accepted; give what the offer is worth, 0 to 1000000");
        }
    }

    /// <summary>Text people read: at most <paramref name="max"/> characters, no control character (a terminal escape).</summary>
    private static void CheckPlainText(string field, string text, int max, List<string> errors, string limit = "at most")
    {
        if (text.Length > max)
        {
            errors.Add($"{field}: {text.Length} characters; {limit} {max}");
        }
        else if (text.Any(char.IsControl))
        {
            errors.Add($"{field}: holds control characters (a line break, tab or terminal escape); give plain text");
        }
    }

    /// <summary>A value as an error message quotes it: 40 characters at most, control characters as '?'.</summary>
    private static string Printable(string? text) => Cdrs.CdrValidator.Printable(text);

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
        else if (errors.Count == 0 && RuleCompiler.Validate(EligibilityRule(eligibility)) is { } combined)
        {
            // The fields and the rule are compiled as one expression: it is checked as the silos will compile it.
            errors.Add($"eligibility (its fields and rule as one condition): {combined.Message}");
        }
    }

    private static void CheckCaps(CampaignCaps caps, List<string> errors)
    {
        if (caps.PerSubscriber is < 1 or > MaxPerSubscriber)
        {
            errors.Add($"caps.perSubscriber: {caps.PerSubscriber} is not accepted; give 1 to {MaxPerSubscriber} offers per subscriber per period");
        }
        if (caps.Period is { } period && !DurationText.TryParse(period, out _))
        {
            errors.Add($"caps.period: '{period}' is not accepted; give {DurationText.Accepted}, or leave it out for once per campaign");
        }
        if (caps.Budget is < 1)
        {
            errors.Add($"caps.budget: {caps.Budget} is not accepted; give 1 or more offers in total, or leave it out for no budget");
        }
    }

    private static void CheckNames<TEnum>(string field, IReadOnlyList<string>? names, List<string> errors) where TEnum : struct, Enum
    {
        if (CheckListLength(field, names, errors))
        {
            foreach (var name in names ?? [])
            {
                if (name is null || Canonical<TEnum>(name) is null)
                {
                    errors.Add($"{field}: '{Printable(name)}' is not one of {string.Join(", ", Enum.GetNames<TEnum>())}");
                }
            }
        }
    }

    private static void CheckText(string field, IReadOnlyList<string>? values, List<string> errors)
    {
        if (CheckListLength(field, values, errors))
        {
            foreach (var value in values ?? [])
            {
                if (string.IsNullOrWhiteSpace(value) || value.Length > MaxNameLength || value.Any(char.IsControl))
                {
                    errors.Add($"{field}: '{Printable(value)}' is empty, longer than {MaxNameLength} characters or holds control characters; give names as in subscriber profiles, e.g. \"London\"");
                }
            }
        }
    }

    private static bool CheckListLength(string field, IReadOnlyList<string>? values, List<string> errors)
    {
        if (values?.Count > MaxListLength)
        {
            errors.Add($"{field}: {values.Count} names; give at most {MaxListLength}");
            return false;
        }
        return true;
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
        Names<TEnum>.TryParse(name, out var value) ? value.ToString() : null;

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

    // \z, not $: "$" also matches before a final line break, which let "night-pack\n" through.
    /// <summary>Whether <paramref name="id"/> can be a campaign's id: lower-case letters, digits and dashes, 1 to 64, not starting with a dash.</summary>
    public static bool IsId(string id) => IdPattern().IsMatch(id);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}\\z")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,31}\\z")]
    private static partial Regex CodePattern();
}
