using Cdr.Orleans.Contracts.Models;
using System.Globalization;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Campaigns;
using Spectre.Console;

namespace Cdr.Orleans.Client;

/// <summary>Campaigns, results, backtests and offers as tables.</summary>
public static class CampaignView
{
    public static void RenderValid(Campaign campaign)
    {
        var d = campaign.Definition;
        var table = new Table().Title($"campaign {Markup.Escape(d.Id)} is valid").HideHeaders().AddColumns("", "");
        table.AddRow("eligible when", Markup.Escape(campaign.Eligibility.Text));
        table.AddRow("triggers when", Markup.Escape(campaign.Trigger.Text));
        table.AddRow("offers record", Markup.Escape(string.Join(", ", campaign.Eligibility.Terms.Concat(campaign.Trigger.Terms).Distinct())));
        AddCommonRows(table, d);
        AnsiConsole.Write(table);
    }

    public static void RenderList(IReadOnlyList<CampaignRecord> campaigns, IReadOnlyDictionary<string, CampaignResults> results)
    {
        if (campaigns.Count == 0)
        {
            Console.WriteLine("no campaigns yet; create one with: campaign create --file campaigns/night-pack.json");
            return;
        }
        var table = new Table().AddColumns("id", "status", "prio", "triggered", "sent", "held out", "capped", "accepted");
        foreach (var c in campaigns)
        {
            var r = results.GetValueOrDefault(c.Definition.Id) ?? CampaignResults.Zero;
            table.AddRow(Markup.Escape(c.Definition.Id), Status(c.Status) + (c.Definition.OneShot ? " (one-shot)" : ""), N(c.Definition.Priority),
                N(r.Triggered), N(r.Sent), N(r.HeldOut), N(r.Capped), N(r.Accepted));
        }
        AnsiConsole.Write(table);
    }

    public static void RenderShow(CampaignRecord record, CampaignResults r, BudgetState budget, ModelHistory? models = null)
    {
        var d = CampaignValidator.Normalize(record.Definition);
        var table = new Table().Title($"campaign {Markup.Escape(d.Id)}").HideHeaders().AddColumns("", "");
        table.AddRow("name", Markup.Escape(d.Name));
        if (!string.IsNullOrWhiteSpace(d.Description))
        {
            table.AddRow("description", Markup.Escape(d.Description));
        }
        table.AddRow("status", $"{Status(record.Status)} (revision {record.Revision}, changed {record.ChangedUtc:yyyy-MM-dd HH:mm:ss}Z)");
        if (record.StatusReason is { } reason)
        {
            table.AddRow("why", Markup.Escape(reason) + (record.Status == CampaignStatus.Quarantined ? " [grey](fix and campaign create --replace, or campaign resume)[/]" : ""));
        }
        table.AddRow("priority", N(d.Priority));
        table.AddRow("eligible when", Markup.Escape(CampaignValidator.EligibilityRule(d.Eligibility)));
        table.AddRow("triggers when", Markup.Escape(d.Trigger));
        AddCommonRows(table, d);
        AnsiConsole.Write(table);

        var results = new Table().Title("results (all silos)").HideHeaders().AddColumns("", "");
        results.AddRow("evaluated", N(r.Evaluated));
        results.AddRow("eligible", N(r.Eligible));
        results.AddRow("triggered", N(r.Triggered));
        results.AddRow("capped", N(r.Capped));
        results.AddRow("superseded", $"{N(r.Superseded)} (a higher-priority campaign won the CDR)");
        results.AddRow("held out", $"{N(r.HeldOut)} (control group; converted anyway: {N(r.ControlConverted)}{Rate(r.ControlConversionRate)})");
        results.AddRow("contact policy", $"{N(r.GlobalControl)} held out by the global control group (converted anyway: {N(r.GlobalControlConverted)}" +
            $"{Rate(r.GlobalControlConversionRate)}); not sent: {N(r.QuietHours)} in quiet hours, {N(r.PolicyCapped)} over the caps of all campaigns, " +
            $"{N(r.OptedOut)} opted out");
        results.AddRow("sent", N(r.Sent));
        results.AddRow("accepted / declined", $"{N(r.Accepted)} / {N(r.Declined)}{Rate(r.AcceptanceRate)}");
        var uplift = CampaignUplift.Of(r);
        results.AddRow("uplift over control", uplift.OverControl is { } c
            ? UpliftText(c, "sent", "control group")
            : "not measured yet (needs offers sent and subscribers held out: controlShare)");
        if (uplift.OverGlobalControl is { } g)
        {
            results.AddRow("uplift over global control", UpliftText(g, "sent", "global control group"));
        }
        if (d.Targeting is { } targeting)
        {
            results.AddRow("below propensity", $"{N(r.BelowPropensity)} (triggered, scored under {targeting.MinPropensity:0.###}: not sent)");
            results.AddRow("explored", $"{N(r.Explored)} sent whatever the score, {N(r.ExploredAccepted)} accepted{Rate(r.ExploredAcceptanceRate)}");
            results.AddRow("model lift", uplift.OverExploration is { } e
                ? UpliftText(e, "chosen by the model", "exploration share")
                : "not measured yet (needs a model, and offers sent both by it and in the exploration share)");
        }
        results.AddRow("model", ModelText(models, d.Targeting is not null));
        results.AddRow("budget left", budget.Left is { } left ? $"{N(left)} of {N(budget.Limit!.Value)}" : "unlimited");
        if (r.RuleErrors > 0)
        {
            results.AddRow("rule errors", $"{N(r.RuleErrors)} evaluations threw (e.g. division by zero) and counted as false");
        }
        AnsiConsole.Write(results);
    }

    private static string UpliftText(Uplift u, string treated, string baseline) =>
        $"{u.Difference * 100:+0.0;-0.0} points ({u.Treated:P1} {treated} vs {u.Baseline:P1} {baseline}; 95% CI {u.Low * 100:+0.0;-0.0} to {u.High * 100:+0.0;-0.0}), " +
        (u.Significant ? "[green]significant[/]" : "not significant");

    private static string ModelText(ModelHistory? models, bool targeted)
    {
        var current = models?.Versions.FirstOrDefault(v => v.Version == models.Current);
        if (current is null)
        {
            var why = models?.LastError is { } error ? $"; last training: {Markup.Escape(error)}" : "";
            return (targeted ? "none yet: it sends to everyone its rules select, gathering responses" : "none yet") + why;
        }
        return $"version {current.Version} ({current.Kind}, holdout AUC {current.Holdout.Auc:0.000}); 'model show {Markup.Escape(models!.CampaignId)}' for more";
    }

    public static void RenderBacktest(BacktestResult result, string? profilePath, int limit)
    {
        Console.WriteLine($"{result.CdrsApplied:N0} CDRs applied, {result.Rejected.Values.Sum():N0} rejected; " +
            (profilePath is null ? "no subscriber profiles (rules on tier, age, region... do not hold)" : $"profiles from {profilePath}"));
        RenderDecisions(result.Decisions.Take(Math.Max(0, limit)).ToList());
        if (result.Decisions.Count > limit)
        {
            Console.WriteLine($"... and {result.Decisions.Count - limit:N0} more decisions (--limit N lists more, --json lists all)");
        }
        var table = new Table().Title("results").AddColumns("campaign", "eligible", "triggered", "capped", "superseded", "held out", "sent");
        foreach (var (id, r) in result.Results.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(id), N(r.Eligible), N(r.Triggered), N(r.Capped), N(r.Superseded), N(r.HeldOut), N(r.Sent));
        }
        AnsiConsole.Write(table);
    }

    public static void RenderOffers(IReadOnlyList<LoggedOffer> offers, bool json, bool header)
    {
        if (json)
        {
            foreach (var offer in offers)
            {
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(offer, Json.Compact));
            }
            return;
        }
        if (header)
        {
            Console.WriteLine($"{"seq",7}  {"CDR time (UTC)",-19}  {"subscriber",-14}  {"campaign",-24}  {"outcome",-8}  {"offer",-12}  {"delivery",-12}  {"id",-16}  why");
        }
        foreach (var o in offers)
        {
            var d = o.Decision;
            var outcome = o.Response == OfferResponse.None ? CampaignCommands.Lower(d.Outcome) : CampaignCommands.Lower(o.Response);
            Console.WriteLine($"{o.Sequence,7}  {d.CdrStartUtc,-19:yyyy-MM-dd HH:mm:ss}  {d.Msisdn,-14}  {Shorten(d.CampaignId, 24),-24}  {outcome,-8}  {Shorten(d.OfferCode, 12),-12}  {Delivery(o.Delivery),-12}  {d.Id,-16}  {Values(d)}{LastError(o.Delivery)}");
        }
    }

    /// <summary>The status, with the attempts when more than one: "retrying/3".</summary>
    private static string Delivery(OfferDelivery? delivery) => delivery is null
        ? "-"
        : CampaignCommands.Lower(delivery.Status) + (delivery.Attempts > 1 ? $"/{delivery.Attempts}" : "");

    private static string LastError(OfferDelivery? delivery) =>
        delivery is { LastError: { } error, Status: not DeliveryStatus.Delivered } ? $"  [{Domain.Cdrs.CdrValidator.Printable(Shorten(error, 120), 160)}]" : "";

    /// <summary>Per configured channel: offers in progress, delivered, failed, expired, retries; then where each goes and its last error.</summary>
    /// <summary>A segment send's progress, on one line.</summary>
    public static void RenderSendLine(SendProgress p)
    {
        var state = p.State switch
        {
            SendState.Sending => "sending",
            SendState.Waiting => "waiting for quiet hours to end",
            SendState.Done => "done",
            _ => "stopped",
        };
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"segment send {state}: {p.Walked:N0} subscribers asked, {p.Matched:N0} matched (of {p.CountedMatching:N0} counted): {p.Sent:N0} sent, {p.HeldOut:N0} held out, " +
            $"{p.Suppressed:N0} stopped by the contact policy, {p.WaitingQuietHours:N0} in quiet hours, {p.BudgetSpent:N0} past the budget") +
            (p.Note is { } note ? $"; {note}" : ""));
    }

    public static void RenderDeliveries(IReadOnlyList<DeliveryCount> counts)
    {
        if (counts.Count == 0)
        {
            return;
        }
        var table = new Table().Title("offer delivery, by channel").AddColumns("channel", "in progress", "delivered", "failed", "expired", "retries");
        foreach (var c in counts)
        {
            table.AddRow(Markup.Escape(Shorten(c.Channel.Split(' ', 2)[0], 20)), N(c.InProgress), N(c.Delivered), N(c.Failed), N(c.Expired), N(c.Retries));
        }
        AnsiConsole.Write(table);
        foreach (var c in counts)
        {
            var (name, to) = c.Channel.Split(' ', 2) is [var n, var t] ? (n, t) : (c.Channel, "");
            Console.WriteLine(Domain.Cdrs.CdrValidator.Printable($"  {name} -> {to}{(c.LastError is { } e ? $"; last error: {e}" : "")}", 300));
        }
    }

    private static void RenderDecisions(IReadOnlyList<OfferDecision> decisions)
    {
        if (decisions.Count == 0)
        {
            Console.WriteLine("no offers would be made");
            return;
        }
        Console.WriteLine($"{"CDR time (UTC)",-19}  {"subscriber",-14}  {"campaign",-24}  {"outcome",-8}  {"offer",-12}  why");
        foreach (var d in decisions)
        {
            Console.WriteLine($"{d.CdrStartUtc,-19:yyyy-MM-dd HH:mm:ss}  {d.Msisdn,-14}  {Shorten(d.CampaignId, 24),-24}  {CampaignCommands.Lower(d.Outcome),-8}  {Shorten(d.OfferCode, 12),-12}  {Values(d)}");
        }
    }

    private static void AddCommonRows(Table table, CampaignDefinition d)
    {
        // Plain text only: a definition stored before control characters were refused must not drive the terminal.
        table.AddRow("offer", Markup.Escape(Domain.Cdrs.CdrValidator.Printable($"{d.Offer.Code} via {d.Offer.Channel}, worth {d.Offer.Value.ToString(CultureInfo.InvariantCulture)}: \"{Shorten(d.Offer.Text, 200)}\"", 400)));
        table.AddRow("cap", $"{d.Caps.PerSubscriber} per subscriber {(d.Caps.Period is { } p ? $"per {p}" : "for the campaign's life")}; " +
            $"budget {(d.Caps.Budget is { } b ? N(b) : "unlimited")}");
        table.AddRow("schedule", d.OneShot ? "one-shot: decided once for everyone its segment matched when it was sent"
            : $"{(d.Start is { } s ? $"{s:yyyy-MM-dd HH:mm}Z" : "open")} to {(d.End is { } e ? $"{e:yyyy-MM-dd HH:mm}Z" : "open")} (CDR time)");
        table.AddRow("control group", $"{Percent(d.ControlShare)} held out");
    }

    private static string Values(OfferDecision d) => string.Join(", ", d.Values.Select(v => $"{v.Key}={v.Value}"));

    private static string Status(CampaignStatus status) => status switch
    {
        CampaignStatus.Active => "[green]active[/]",
        CampaignStatus.Paused => "[yellow]paused[/]",
        CampaignStatus.Quarantined => "[red]quarantined[/]",
        _ => "[grey]stopped[/]",
    };

    private static string Rate(double? rate) => rate is { } r ? $", {Percent(r)}" : "";

    private static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
